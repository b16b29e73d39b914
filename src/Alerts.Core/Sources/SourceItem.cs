namespace Alerts.Core.Sources;

/// <summary>One entry of a source: a Federal Register document, a CFR section, an Entity List entry, a tariff line, a feed item.</summary>
public sealed record SourceItem
{
    /// <summary>Stable identity of the item within its source (document number, section id, entry id, HTS number, guid).</summary>
    public required string ItemKey { get; init; }

    /// <summary>Human-readable title (plain text).</summary>
    public required string Title { get; init; }

    /// <summary>Link to the official document or page.</summary>
    public string? Url { get; init; }

    /// <summary>When the source says the item was published.</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>Abstract or description, plain text.</summary>
    public string? Summary { get; init; }

    /// <summary>Document type as the source names it: Rule, Proposed Rule, Notice, Presidential Document, Press Release, News, Entry, Section, Tariff Line.</summary>
    public string? DocumentType { get; init; }

    /// <summary>Language of the text (BCP 47), when known.</summary>
    public string? Language { get; init; }

    /// <summary>
    /// The item's content, field by field. Its canonical form is the item's content version: two items with equal fields
    /// are the same version, whatever their formatting. Field-level diffs are computed from it.
    /// </summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>Identifiers that link this item to others: "FR:2025-01234", "CITATION:89 FR 96790", "RIN:0694-AJ12".</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>
    /// Life-cycle stage of the item across sources that share a snapshot scope (public inspection = 0, published = 1).
    /// An item at a lower stage than the stored one is ignored, so a published document never flips back.
    /// </summary>
    public int Stage { get; init; }

    /// <summary>The fetched document this item was read from (the evidence).</summary>
    [JsonIgnore]
    public FetchedDocument? Evidence { get; init; }

    /// <summary>
    /// The document's full text (plain text), fetched once when its metadata was too thin to classify (see
    /// docs/detection.md). Read by the classifier only: it is not part of <see cref="Fields"/>, so fetching it or not
    /// never makes a new version.
    /// </summary>
    [JsonIgnore]
    public string? FullText { get; init; }

    /// <summary>
    /// What the source says about the document's dates beyond <see cref="Fields"/> (Federal Register <c>comments_close_on</c>
    /// and the DATES section <c>dates</c>). Read by the deadline extraction only: not part of <see cref="Fields"/>, so a source
    /// that starts sending them never makes a new version of a document already recorded.
    /// </summary>
    public IReadOnlyDictionary<string, string> DateHints { get; init; } = new Dictionary<string, string>();

    /// <summary>The fetched document <see cref="FullText"/> was read from (kept as evidence like <see cref="Evidence"/>).</summary>
    [JsonIgnore]
    public FetchedDocument? FullTextEvidence { get; init; }
}
