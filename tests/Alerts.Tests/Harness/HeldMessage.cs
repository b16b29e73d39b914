namespace Alerts.Tests.Harness;

/// <summary>A message a host sent with a delay, held by <see cref="HeldMessages"/>: its queue, body, delay and when it is due on the fake clock.</summary>
public sealed record HeldMessage(string Queue, string Body, TimeSpan Delay, DateTimeOffset Due);
