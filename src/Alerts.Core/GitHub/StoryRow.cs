namespace Alerts.Core.GitHub;

/// <summary>
/// A story's row for a target: the issue the story went to or, until that is known, which change claimed the opening of
/// it and when. <see cref="ETag"/> is the row's, for a conditional take-over.
/// </summary>
public sealed record StoryRow(int? IssueNumber, string? ClaimedBy, DateTimeOffset? ClaimedAt, ETag ETag);
