namespace Alerts.Core.Detection;

/// <summary>A version of an item and when it was last seen.</summary>
public sealed record SeenVersion(string Version, DateTimeOffset SeenAt);
