namespace Alerts.Core.Webhooks;

/// <summary>A message for a team about its targets (an endpoint disabled, ...).</summary>
public sealed record TeamNotice(string TeamId, string Kind, string TargetId, string Message, DateTimeOffset At);
