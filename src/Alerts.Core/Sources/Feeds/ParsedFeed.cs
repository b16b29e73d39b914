namespace Alerts.Core.Sources.Feeds;

/// <summary>A parsed feed.</summary>
public sealed record ParsedFeed
{
    /// <summary>rss (0.9x and 2.0), rdf (RSS 0.90 and 1.0), atom10 or atom03.</summary>
    public required string Format { get; init; }
    public string Title { get; init; } = "";
    public string? Link { get; init; }
    public string? Language { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public string? Base { get; init; }
    public IReadOnlyList<FeedEntry> Entries { get; init; } = [];
    /// <summary>True when the document was not well-formed and was read by the lenient path.</summary>
    public bool Recovered { get; init; }
}
