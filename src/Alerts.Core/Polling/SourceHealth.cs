namespace Alerts.Core.Polling;

/// <summary>One source with its health, as operators see it (GET /api/sources, <c>alerts sources</c>).</summary>
public sealed record SourceHealth(
    string Id, string Kind, string Name, bool Enabled, bool Official, string BaseUrl, int IntervalMinutes,
    DateTimeOffset? LastAttemptAt, DateTimeOffset? LastSuccessAt, int ConsecutiveFailures, string? LastError, DateTimeOffset? NextDueAt, bool FailureAlerted);
