namespace Alerts.Core.Sources.Feeds;

/// <summary>One entry of a feed, as the feed says it (text already plain).</summary>
public sealed record FeedEntry
{
    /// <summary>guid (RSS) or id (Atom), trimmed; null when the feed gives none.</summary>
    public string? Id { get; init; }
    public string Title { get; init; } = "";
    /// <summary>The link as written (maybe relative); see the feed and entry xml:base.</summary>
    public string? Link { get; init; }
    public string Summary { get; init; } = "";
    public DateTimeOffset? Published { get; init; }
    /// <summary>The date text as written, kept when it cannot be parsed.</summary>
    public string? PublishedText { get; init; }
    /// <summary>xml:base of the entry, if any.</summary>
    public string? Base { get; init; }
    public string? Language { get; init; }
}
