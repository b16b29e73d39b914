namespace Alerts.Core.Sources;

/// <summary>Conditional-GET validators remembered per URL (path and query, origin excluded).</summary>
public sealed record Validators(string? ETag, string? LastModified);
