namespace Alerts.Core.Storage;

/// <summary>The last run of one scheduled job, as <c>GET /api/health</c> reports it.</summary>
public sealed record JobRun(string Job, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, bool Succeeded, string? Error);
