namespace Alerts.Core.Polling;

/// <summary>Progress of a poll, for a progress display.</summary>
public sealed record PollProgress(string SourceId, string Stage);
