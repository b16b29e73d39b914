using System.Text.Json.Serialization;

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

/// <summary>A document fetched from a source: the evidence a change is detected from.</summary>
public sealed record FetchedDocument
{
    public required string Url { get; init; }
    public required DateTimeOffset FetchedAt { get; init; }
    public required int Status { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public string? ContentType { get; init; }
    [JsonIgnore]
    public ReadOnlyMemory<byte> Content { get; init; }
    public required string ContentSha256 { get; init; }
    public long ContentLength => Content.Length;
}

/// <summary>A source as the catalog and configuration define it.</summary>
public sealed record SourceDefinition
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public string Name { get; init; } = "";
    public bool Enabled { get; init; } = true;
    public int IntervalMinutes { get; init; } = 15;
    /// <summary>Jurisdiction of the publisher (US, CN, EU, NL, JP, ...), a hint for the classifier.</summary>
    public string Jurisdiction { get; init; } = "other";
    /// <summary>True for official sources; false for news.</summary>
    public bool Official { get; init; } = true;
    /// <summary>The real service's origin, e.g. https://www.federalregister.gov.</summary>
    public required string DefaultBaseUrl { get; init; }
    /// <summary>Operator override of the origin.</summary>
    public string? BaseUrl { get; init; }
    /// <summary>Snapshot scope shared by sources that see the same items (both Federal Register sources).</summary>
    public string? SnapshotScope { get; init; }
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public string EffectiveBaseUrl => string.IsNullOrEmpty(BaseUrl) ? DefaultBaseUrl : BaseUrl;

    public string Scope => SnapshotScope ?? Id;

    public string? Setting(string key) => Settings.TryGetValue(key, out var v) && !string.IsNullOrEmpty(v) ? v : null;

    public int IntSetting(string key, int fallback) =>
        int.TryParse(Setting(key), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : fallback;
}

/// <summary>Thrown by a source for a failure that should be reported as one clear line (the source failed; nothing recorded).</summary>
public sealed class SourceException(string message, int? status = null, TimeSpan? retryAfter = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The HTTP status that caused the failure, when there was one.</summary>
    public int? Status { get; } = status;

    /// <summary>How long the server asked us to wait, when it did.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>Turns fetched documents of one kind of source into items.</summary>
public interface ISourceAdapter
{
    /// <summary>The catalog kind this adapter serves (federal-register, feed, page, ...).</summary>
    string Kind { get; }

    Task<FetchResult> FetchAsync(SourceContext context, CancellationToken cancellationToken = default);
}

/// <summary>
/// What an adapter gets for one poll. <paramref name="KnownStages"/>, when given, answers which of some item keys are
/// already recorded and at which stage (an adapter spends extra requests, such as a full text, only on new items).
/// </summary>
public sealed record SourceContext(SourceDefinition Source, string? Cursor, SourceFetcher Http, TimeProvider Time,
    Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyDictionary<string, int>>>? KnownStages = null);
