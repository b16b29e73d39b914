namespace Alerts.Core.Sources;

/// <summary>What a source adapter returns for one poll.</summary>
public sealed record FetchResult
{
    /// <summary>The server said nothing changed (304) for every document.</summary>
    public bool NotModified { get; init; }

    /// <summary>The items read.</summary>
    public IReadOnlyList<SourceItem> Items { get; init; } = [];

    /// <summary>
    /// True when <see cref="Items"/> is the whole content of the source, so an item no longer present was removed and the
    /// first poll is a baseline; false for streams (Federal Register, feeds) where items only arrive.
    /// </summary>
    public bool IsCompleteSnapshot { get; init; }

    /// <summary>
    /// True when the source read a bounded window (a number of pages) and filled it, so an item missing from
    /// <see cref="Items"/> may only have fallen out of the window: no removal is inferred from this fetch.
    /// </summary>
    public bool WindowFull { get; init; }

    /// <summary>The new cursor to store (null keeps the old one).</summary>
    public string? Cursor { get; init; }

    /// <summary>Number of HTTP requests the poll made.</summary>
    public int RequestCount { get; init; }

    /// <summary>The source asked us to wait (for example eCFR while a title is processed): not a failure, no change.</summary>
    public TimeSpan? WaitRequested { get; init; }

    /// <summary>
    /// Items the source reads for the first time because its scope grew (a setting now covers more than the last poll read):
    /// new to us but not new in the world, so their snapshots are stored as a baseline and nobody is alerted.
    /// </summary>
    public IReadOnlySet<string>? NewlyInScope { get; init; }
}
