using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Alerts.Core.Sources;
using Alerts.Core.Storage;
using Azure;
using Azure.Data.Tables;

namespace Alerts.Core.Detection;

/// <summary>A key that ties an item to a real-world event, in the order it is trusted.</summary>
public sealed record LinkKey(string Key, int Priority);

/// <summary>
/// Which keys link an item to a story: the Federal Register document number (and the one a correction corrects), the
/// citation ("89 FR 96790", also the notice an Entity List entry cites, also citations quoted in a press release),
/// the RIN, the docket, the date an EAR section was amended (the effective date of the amending rule), and, last, the
/// documents a Federal Register document says it acts on (suspends, rescinds, corrects, delays, issued concurrently).
/// When an item's full text was fetched (a thin Federal Register document, a page entry's own page), the references in
/// it link too, after the metadata's: see <see cref="FromFullText"/>.
/// </summary>
public static partial class StoryKeys
{
    private static readonly string[] FederalRegisterTypes = ["Rule", "Proposed Rule", "Notice", "Presidential Document"];

    /// <summary>Priority of the keys read from a full text: after every key of the metadata.</summary>
    public const int FullTextPriority = 6;

    public static List<LinkKey> Of(SourceItem item) => Of(item.References, item.Fields, item.DocumentType, item.Title, item.Summary, item.FullText);

    public static List<LinkKey> Of(IReadOnlyList<string> references, IReadOnlyDictionary<string, string> fields, string? documentType, string? title, string? summary, string? fullText = null)
    {
        var keys = new List<LinkKey>();
        void Add(string key, int priority)
        {
            if (!keys.Any(k => k.Key == key))
            {
                keys.Add(new LinkKey(key, priority));
            }
        }

        foreach (var r in references)
        {
            var colon = r.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var kind = r[..colon];
            var value = Normalize.Text(r[(colon + 1)..]);
            if (value.Length == 0)
            {
                continue;
            }

            switch (kind)
            {
                case "CORRECTS":
                    Add("FR:" + value, 0);
                    break;
                case "FR":
                    Add("FR:" + value, 1);
                    break;
                case "CITATION" when Citation(value) is { } c:
                    Add("CITATION:" + c, 2);
                    break;
                case "RIN":
                    Add("RIN:" + value.ToUpperInvariant(), 3);
                    break;
                case "AMENDED":
                    Add("EAR-AMENDED:" + value, 4);
                    break;
            }
        }

        // A rule amending the EAR (15 CFR 730-774) is the event behind the eCFR sections amended on its effective date.
        if (documentType is "Rule" && fields.TryGetValue("effective_on", out var effective) && effective.Length == 10
            && fields.TryGetValue("cfr_references", out var cfr) && EarPart().IsMatch(cfr))
        {
            Add("EAR-AMENDED:" + effective, 4);
        }

        // Press releases and news quote the Federal Register citation of the rule they announce.
        if (documentType is null || !FederalRegisterTypes.Contains(documentType))
        {
            foreach (Match m in QuotedCitation().Matches($"{title} {summary}"))
            {
                Add("CITATION:" + Citation(m.Value), 2);
            }
        }
        else
        {
            // One docket, one proceeding: USTR's initiation, hearing and determination of a Section 301 case.
            if (fields.TryGetValue("docket_ids", out var dockets))
            {
                foreach (var docket in dockets.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    Add("DOCKET:" + Normalize.Text(docket).ToUpperInvariant(), 3);
                }
            }

            // A document that says it acts on another (suspends, rescinds, corrects, delays, extends, or was issued
            // concurrently with it) joins the story of the document it cites; a rule merely citing earlier rules does not.
            var action = fields.GetValueOrDefault("action", "");
            if (ActsOnAnother().IsMatch($"{title} {action} {summary}"))
            {
                var own = references.Where(r => r.StartsWith("CITATION:", StringComparison.Ordinal)).Select(r => Citation(r[9..])).ToHashSet(StringComparer.Ordinal);
                foreach (Match m in QuotedCitation().Matches($"{summary}"))
                {
                    if (Citation(m.Value) is { } cited && !own.Contains(cited))
                    {
                        Add("CITATION:" + cited, 5);
                    }
                }

                foreach (Match m in DocumentNumber().Matches($"{summary}"))
                {
                    Add("FR:" + m.Groups[1].Value, 5);
                }
            }
        }

        if (!string.IsNullOrWhiteSpace(fullText))
        {
            foreach (var key in FromFullText(fullText, documentType, fields))
            {
                Add(key, FullTextPriority);
            }
        }

        return [.. keys.OrderBy(k => k.Priority)];
    }

    /// <summary>
    /// The link keys a full text gives, the way the metadata gives them. A Federal Register document's text cites many
    /// earlier rules, so only the sentences that say they act on another (suspends, rescinds, corrects, ...) count, as its
    /// abstract's do: their citations (<c>90 FR 47201</c>), <c>FR Doc.</c> numbers and dockets. Any other item (a press
    /// release, a ministry page) links by every citation and docket its text quotes, as its title and summary do. A
    /// rule with an effective date whose text amends an EAR part (<c>15 CFR part 744</c>) links to the eCFR sections
    /// amended that day, as one whose CFR references name the part does.
    /// </summary>
    public static IEnumerable<string> FromFullText(string fullText, string? documentType, IReadOnlyDictionary<string, string> fields)
    {
        var federalRegister = documentType is not null && FederalRegisterTypes.Contains(documentType);
        var passages = federalRegister
            ? Sentence().Split(fullText).Where(s => ActsOnAnother().IsMatch(s))
            : [fullText];
        foreach (var passage in passages)
        {
            foreach (Match m in QuotedCitation().Matches(passage))
            {
                yield return "CITATION:" + Citation(m.Value);
            }

            if (federalRegister)
            {
                foreach (Match m in DocumentNumber().Matches(passage))
                {
                    yield return "FR:" + m.Groups[1].Value;
                }
            }

            foreach (Match m in DocketId().Matches(passage))
            {
                yield return "DOCKET:" + m.Value.ToUpperInvariant();
            }

            foreach (Match m in DocketNumber().Matches(passage))
            {
                yield return "DOCKET:DOCKET NO. " + m.Groups[1].Value;
            }
        }

        if (documentType is "Rule" && fields.TryGetValue("effective_on", out var effective) && effective.Length == 10 && EarPartInText().IsMatch(fullText))
        {
            yield return "EAR-AMENDED:" + effective;
        }
    }

    /// <summary>"89 FR 96790" in canonical form (single spaces, no leading zeros), or null when it is not one.</summary>
    public static string? Citation(string value)
    {
        var m = QuotedCitation().Match(value);
        return m.Success
            ? $"{int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)} FR {int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)}"
            : null;
    }

    [GeneratedRegex(@"\b(suspen\w*|rescind\w*|rescission|correct\w*|delay\w*|extend\w*|extension|withdraw\w*|concurrently|stay\w*)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ActsOnAnother();

    [GeneratedRegex(@"\bFR Doc\.?\s+(\d{4}-\d{5})\b", RegexOptions.CultureInvariant)]
    private static partial Regex DocumentNumber();

    [GeneratedRegex(@"\b15 CFR (7[3-6]\d|77[0-4])\b", RegexOptions.CultureInvariant)]
    private static partial Regex EarPart();

    [GeneratedRegex(@"\b(\d{1,3})\s+FR\s+(\d{1,6})\b", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedCitation();

    /// <summary>A regulations.gov docket id: USTR-2024-0027, BIS-2025-0012, USTR-2025-0001.</summary>
    [GeneratedRegex(@"\b(?:USTR|BIS|ITA|DOC|CBP|USITC|ITC|OFAC|DOS|DDTC)-\d{4}-\d{4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex DocketId();

    /// <summary>A Federal Register docket number as the API's docket_ids write it: "Docket No. 250925-0160".</summary>
    [GeneratedRegex(@"\bDocket No\.\s*(\d{6}-\d{2,4})\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DocketNumber();

    [GeneratedRegex(@"\b15\s+CFR\s+(?:[Pp]arts?\s+)?(7[3-6]\d|77[0-4])\b", RegexOptions.CultureInvariant)]
    private static partial Regex EarPartInText();

    /// <summary>A sentence break: after . ! ? or a line break, before a capital, an opening bracket or a quote.</summary>
    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z(\""“])|\n\s*\n", RegexOptions.CultureInvariant)]
    private static partial Regex Sentence();
}

/// <summary>Normalized token-set similarity of titles (Dice coefficient over tokens; CJK as character bigrams).</summary>
public static partial class TitleSimilarity
{
    /// <summary>Similarity from which two titles are the same story.</summary>
    public const double Threshold = 0.6;

    /// <summary>Tokens two titles must share at least.</summary>
    public const int MinShared = 3;

    private static readonly HashSet<string> Stopwords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "as", "at", "by", "with", "from", "into", "its", "it",
        "is", "are", "be", "was", "were", "will", "new", "says", "said", "say", "after", "over", "amid", "this", "that", "more",
        "than", "about", "de", "het", "een", "van", "en", "op", "voor", "met",
    };

    public static HashSet<string> Tokens(string title)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var text = Normalize.Text(title).ToLowerInvariant();
        foreach (Match m in Word().Matches(text))
        {
            var w = m.Value;
            if (TermMatcher.HasCjk(w))
            {
                for (var i = 0; i + 1 < w.Length; i++)
                {
                    tokens.Add(w.Substring(i, 2));
                }

                if (w.Length == 1)
                {
                    tokens.Add(w);
                }

                continue;
            }

            w = w.Replace("'s", "", StringComparison.Ordinal).Replace("’s", "", StringComparison.Ordinal).Trim('\'', '’');
            if (w.Length < 2 || Stopwords.Contains(w))
            {
                continue;
            }

            tokens.Add(Stem(w));
        }

        return tokens;
    }

    public static double Similarity(string a, string b) => Similarity(Tokens(a), Tokens(b));

    public static double Similarity(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var shared = a.Count(b.Contains);
        return shared < Math.Min(MinShared, Math.Min(a.Count, b.Count)) ? 0 : 2.0 * shared / (a.Count + b.Count);
    }

    private static string Stem(string w) =>
        w.Length > 4 && w.EndsWith("ies", StringComparison.Ordinal) ? w[..^3] + "y"
        : w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) ? w[..^1]
        : w;

    [GeneratedRegex(@"[\p{L}\p{N}'’]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}

/// <summary>
/// The story index in the <c>stories</c> table: link key -> story id (partition "key"), and recent titles of official
/// documents, press releases and news (partition "title") for similarity linking. Written idempotently (a key keeps
/// the story it was first given), so linking survives restarts and works across sources polled at different times.
/// A story id is derived from the first link key (or the item), so re-polls give the same id.
/// </summary>
public sealed class StoryIndex(AlertsStorage storage, TimeProvider time)
{
    /// <summary>How far back a title is compared.</summary>
    public static readonly TimeSpan TitleWindow = TimeSpan.FromDays(7);

    private const string KeyPartition = "key";
    private const string TitlePartition = "title";

    private static readonly HashSet<string> TitledTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Rule", "Proposed Rule", "Notice", "Presidential Document", "Press Release", "News", "Announcement",
    };

    private TableClient Table => storage.Table(StorageNames.Stories);

    /// <summary>
    /// The story of an item: found by its link keys (its metadata's, then its <paramref name="fullText"/>'s when one was
    /// fetched), else by a similar recent title, else a new one.
    /// </summary>
    public async Task<string> LinkAsync(SourceDefinition source, string itemKey, string title, string? summary, string? documentType,
        IReadOnlyList<string> references, IReadOnlyDictionary<string, string> fields, string? fullText = null, CancellationToken cancellationToken = default)
    {
        var keys = StoryKeys.Of(references, fields, documentType, title, summary, fullText);
        string? story = null;
        foreach (var k in keys)
        {
            var e = await Table.GetEntityIfExistsAsync<TableEntity>(KeyPartition, TableKeys.Encode(k.Key), ["StoryId"], cancellationToken);
            if (e.HasValue && e.Value!.GetString("StoryId") is { Length: > 0 } found)
            {
                story = found;
                break;
            }
        }

        var titled = documentType is not null && TitledTypes.Contains(documentType);
        var tokens = titled ? TitleSimilarity.Tokens(title) : [];
        if (story is null && titled && keys.Count == 0)
        {
            story = await SimilarTitleAsync(tokens, cancellationToken);
        }

        story ??= NewId(keys.Count > 0 ? keys[0].Key : $"item:{source.Scope}:{itemKey}");

        foreach (var k in keys)
        {
            await AddIfAbsentAsync(new TableEntity(KeyPartition, TableKeys.Encode(k.Key)) { ["StoryId"] = story, ["Key"] = k.Key }, cancellationToken);
        }

        if (titled && tokens.Count > 0)
        {
            var row = story + "_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(title)).AsSpan(0, 8));
            await AddIfAbsentAsync(new TableEntity(TitlePartition, TableKeys.Encode(row))
            {
                ["StoryId"] = story,
                ["Title"] = title.Length <= 1000 ? title : title[..1000],
                ["SeenAt"] = time.GetUtcNow(),
            }, cancellationToken);
        }

        return story;
    }

    /// <summary>The story a link key belongs to, if any.</summary>
    public async Task<string?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        var e = await Table.GetEntityIfExistsAsync<TableEntity>(KeyPartition, TableKeys.Encode(key), ["StoryId"], cancellationToken);
        return e.HasValue ? e.Value!.GetString("StoryId") : null;
    }

    public static string NewId(string firstKey) => "sty_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(firstKey)).AsSpan(0, 12));

    private async Task<string?> SimilarTitleAsync(HashSet<string> tokens, CancellationToken cancellationToken)
    {
        if (tokens.Count == 0)
        {
            return null;
        }

        var since = time.GetUtcNow() - TitleWindow;
        string? best = null;
        var bestScore = 0.0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TitlePartition} and SeenAt ge {since}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["StoryId", "Title"], cancellationToken: cancellationToken))
        {
            var score = TitleSimilarity.Similarity(tokens, TitleSimilarity.Tokens(e.GetString("Title") ?? ""));
            if (score >= TitleSimilarity.Threshold && score > bestScore)
            {
                bestScore = score;
                best = e.GetString("StoryId");
            }
        }

        return best;
    }

    private async Task AddIfAbsentAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already there: the first story given to a key keeps it.
        }
    }
}
