namespace Alerts.Core.Deadlines;

/// <summary>A date that matters, kept with the change that brought it: the document (source and item), its kind, date and basis.</summary>
public sealed record Deadline
{
    public required string ChangeId { get; init; }
    public required string SourceId { get; init; }
    public required string ItemKey { get; init; }
    /// <summary>effective, comments or compliance (<see cref="DeadlineKinds"/>).</summary>
    public required string Kind { get; init; }
    public required DateOnly Date { get; init; }
    public required string Title { get; init; }
    public string? Url { get; init; }
    /// <summary>Where the date came from: a source field (effective_on, comments_close_on) or the sentence it was read from.</summary>
    public required string Basis { get; init; }
    /// <summary>The change's position in the log.</summary>
    public long Sequence { get; init; }
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>Stable per document, kind and date: the calendar event's UID and the reminders' key.</summary>
    public string Key => DeadlineStore.KeyOf(SourceId, ItemKey, Kind, Date);
}
