using Alerts.Core.Sources.FederalRegister;

namespace Alerts.Core.Sources.Hts;

/// <summary>
/// The USITC Harmonized Tariff Schedule REST service. Each poll first asks for the current release (a revision name such as
/// "2025HTSRev20"); when it and the watched headings are unchanged nothing else is fetched. Otherwise every watched
/// heading is exported (/reststop/exportList?from=..&amp;to=..&amp;format=JSON&amp;styles=false) and every line with an
/// htsno is an item. The content is compared field by field after normalisation, so a document that only changed its
/// formatting (white space, key order, indentation) records nothing.
/// Settings: headings (comma-separated, default 8486,8541,8542,8471,9903.01,9903.88), releasePath (default /reststop/currentRelease),
/// and for the headings nobody listed (<see cref="HtsDiscovery"/>): discover (default true), watch (chapters or headings,
/// exported in full besides headings, default 8471,8473,8486,8541,8542), terms (chip terms).
/// </summary>
public sealed partial class HtsSource : ISourceAdapter
{
    public const string KindName = "hts";
    public const string DefaultHeadings = "8486,8541,8542,8471,9903.01,9903.88";

    public string Kind => KindName;

    public async Task<FetchResult> FetchAsync(SourceContext context, CancellationToken cancellationToken = default)
    {
        var source = context.Source;
        var headings = FederalRegisterSource.Split(source.Setting("headings") ?? DefaultHeadings, ',');
        foreach (var h in headings)
        {
            if (!HeadingPattern().IsMatch(h))
            {
                throw new SourceException($"{source.Id}: setting 'headings' holds '{h}', which is not an HTS heading like 8541 or 9903.88");
            }
        }

        var discover = HtsDiscovery.Enabled(source);
        var discovery = discover ? HtsDiscovery.FromSettings(source) : null;
        var exported = discovery is null ? headings : [.. headings.Concat(discovery.Watch).Distinct(StringComparer.Ordinal)];

        var releaseDoc = await context.Http.GetAsync(source.Setting("releasePath") ?? "/reststop/currentRelease", conditional: false, accept: "application/json", cancellationToken)
            ?? throw new SourceException($"{source.Id}: unexpected 304 for an unconditional request");
        var release = ParseRelease(source.Id, releaseDoc.Content);
        var cursor = release + "|" + string.Join(",", exported) + (discovery is null ? "" : "|99:" + (source.Setting("terms") ?? HtsDiscovery.DefaultTerms));
        if (cursor == context.Cursor)
        {
            return new FetchResult { NotModified = true, IsCompleteSnapshot = true, Cursor = cursor, RequestCount = context.Http.RequestCount };
        }

        var items = new Dictionary<string, SourceItem>(StringComparer.Ordinal);
        foreach (var heading in exported)
        {
            var (from, to) = heading.Length == 2 ? (heading + "00", heading + "99") : (heading, heading + ".99");
            var doc = await ExportAsync(context, from, to, cancellationToken);
            foreach (var item in Parse(source.Id, doc.Content, release, doc))
            {
                items.TryAdd(item.ItemKey, item);
            }
        }

        if (discovery is not null)
        {
            // The whole of chapter 99, once per release: the lines that reference a watched heading or a chip term replace
            // the same lines read through a listed heading (same fields, so the same version; a summary naming the rate).
            var doc = await ExportAsync(context, "9900", "9999", cancellationToken);
            foreach (var item in discovery.Relevant(source.Id, doc.Content, release, doc))
            {
                items[item.ItemKey] = item;
            }
        }

        return new FetchResult
        {
            Items = [.. items.Values],
            IsCompleteSnapshot = true,
            Cursor = cursor,
            RequestCount = context.Http.RequestCount,
            NewlyInScope = NewlyInScope(context.Cursor, cursor, items.Keys),
        };
    }

    /// <summary>
    /// The lines the last poll did not read because its settings covered less (fewer headings, no chapter 99 discovery, other
    /// terms; a cursor "release|headings[|99:terms]"): stored as a baseline, so widening the scope alerts nobody.
    /// </summary>
    internal static HashSet<string>? NewlyInScope(string? previousCursor, string cursor, IEnumerable<string> keys)
    {
        if (previousCursor is null)
        {
            return null; // the first poll is a baseline anyway
        }

        var (before, now) = (previousCursor.Split('|'), cursor.Split('|'));
        var read = before.Length > 1 ? FederalRegisterSource.Split(before[1], ',') : [];
        var sameDiscovery = before.Length > 2 && now.Length > 2 && before[2] == now[2];
        var newly = keys.Where(k => !read.Any(h => Digits(k).StartsWith(Digits(h), StringComparison.Ordinal))
            && !(sameDiscovery && k.StartsWith("99", StringComparison.Ordinal))).ToHashSet(StringComparer.Ordinal);
        return newly.Count > 0 ? newly : null;

        static string Digits(string s) => s.Replace(".", "", StringComparison.Ordinal);
    }

    private static async Task<FetchedDocument> ExportAsync(SourceContext context, string from, string to, CancellationToken cancellationToken)
    {
        var query = FederalRegisterSource.QueryString([
            KeyValuePair.Create("from", from),
            KeyValuePair.Create("to", to),
            KeyValuePair.Create("format", "JSON"),
            KeyValuePair.Create("styles", "false"),
        ]);
        return await context.Http.GetAsync("/reststop/exportList?" + query, conditional: false, accept: "application/json", cancellationToken)
            ?? throw new SourceException($"{context.Source.Id}: unexpected 304 for an unconditional request");
    }

    /// <summary>
    /// The release name. Accepted shapes (the service's is not documented): a JSON string; an object with name, release,
    /// releaseName or title; an array of such (the one whose status says current, else the first); or a bare text name.
    /// </summary>
    public static string ParseRelease(string sourceId, ReadOnlyMemory<byte> body)
    {
        var text = Encoding.UTF8.GetString(body.Span).Trim().TrimStart('\uFEFF');
        if (text.Length > 0 && text[0] is '{' or '[' or '"')
        {
            using var json = SafeParsing.ParseJson(sourceId, body);
            var root = json.RootElement;
            var name = root.ValueKind switch
            {
                JsonValueKind.String => root.GetString(),
                JsonValueKind.Object => ReleaseName(root),
                JsonValueKind.Array => ReleaseFromList(root),
                _ => null,
            };
            if (name is { Length: > 0 } && ReleasePattern().IsMatch(name))
            {
                return name.Trim();
            }
        }
        else if (ReleasePattern().IsMatch(text) && text.Length <= 100 && !text.Contains('<', StringComparison.Ordinal))
        {
            return text;
        }

        var excerpt = text.Length > 120 ? text[..120] + "..." : text;
        throw new SourceException($"{sourceId}: the release answer has an unexpected shape (expected a release name like 2025HTSRev20, as a string or an object with 'name'): {excerpt}");
    }

    private static readonly string[] ReleaseKeys = ["name", "release", "releaseName", "title"];

    private static string? ReleaseName(JsonElement o) =>
        ReleaseKeys.Select(k => FederalRegisterSource.Str(o, k)).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s));

    private static string? ReleaseFromList(JsonElement a)
    {
        var entries = a.EnumerateArray().ToList();
        var current = entries.FirstOrDefault(e => e.ValueKind == JsonValueKind.Object && (FederalRegisterSource.Str(e, "status") ?? "").Contains("current", StringComparison.OrdinalIgnoreCase));
        var chosen = current.ValueKind == JsonValueKind.Object ? current : entries.FirstOrDefault();
        return chosen.ValueKind switch
        {
            JsonValueKind.String => chosen.GetString(),
            JsonValueKind.Object => ReleaseName(chosen),
            _ => null,
        };
    }

    /// <summary>Reads an HTS JSON export (an array of rows) into tariff-line items; header rows (empty htsno) are skipped.</summary>
    public static List<SourceItem> Parse(string sourceId, ReadOnlyMemory<byte> body, string? release = null, FetchedDocument? evidence = null)
    {
        using var json = SafeParsing.ParseJson(sourceId, body);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new SourceException($"{sourceId}: expected the HTS export to be a JSON array of rows, got {root.ValueKind}");
        }

        var items = new List<SourceItem>();
        foreach (var r in root.EnumerateArray())
        {
            if (r.ValueKind == JsonValueKind.Object && Text(r, "htsno") is { Length: > 0 } htsno)
            {
                items.Add(ToItem(r, htsno, release, evidence));
            }
        }

        return items;
    }

    /// <summary>One export row with an htsno as a tariff-line item (the fields every path to the row gives alike).</summary>
    internal static SourceItem ToItem(JsonElement r, string htsno, string? release, FetchedDocument? evidence)
    {
        var description = Text(r, "description");
        var footnotes = r.TryGetProperty("footnotes", out var f) && f.ValueKind == JsonValueKind.Array
            ? f.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).Select(Footnote).Where(s => s.Length > 0).ToList()
            : [];
        var additional = Text(r, "additionalDuties");
        if (additional.Length == 0)
        {
            additional = Text(r, "addiitionalDuties"); // the service's misspelled key
        }

        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["description"] = description,
            ["indent"] = Text(r, "indent"),
            ["units"] = string.Join("; ", Strings(r, "units").Order(StringComparer.Ordinal)),
            ["general"] = Text(r, "general"),
            ["special"] = Text(r, "special"),
            ["other"] = Text(r, "other"),
            ["footnotes"] = string.Join("; ", footnotes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
            ["additional_duties"] = additional,
        };
        var refs = new List<string> { "HTS:" + htsno };
        refs.AddRange(footnotes.SelectMany(n => HtsReferencePattern().Matches(n).Select(m => "HTS:" + m.Value)).Distinct(StringComparer.Ordinal).Where(x => x != "HTS:" + htsno));
        return new SourceItem
        {
            ItemKey = htsno,
            Title = description.Length > 0 ? $"HTS {htsno}: {Shorten(description, 200)}" : $"HTS {htsno}",
            Url = "https://hts.usitc.gov/search?query=" + Uri.EscapeDataString(htsno),
            Summary = release is null ? null : $"Tariff line {htsno} in {release}",
            DocumentType = "Tariff Line",
            Language = "en",
            Fields = fields,
            References = refs,
            Evidence = evidence,
        };
    }

    private static string Footnote(JsonElement f)
    {
        var value = Text(f, "value");
        var columns = Strings(f, "columns");
        return value.Length == 0 ? "" : columns.Length > 0 ? $"{value} [{string.Join(",", columns)}]" : value;
    }

    internal static string Text(JsonElement e, string name) => SafeParsing.FoldWhitespace(FederalRegisterSource.Str(e, name));

    private static string[] Strings(JsonElement e, string name) =>
        [.. FederalRegisterSource.Strings(e, name).Select(SafeParsing.FoldWhitespace).Where(s => s.Length > 0)];

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..max] + "...";

    [GeneratedRegex(@"^\d{4}(\.\d{2}){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"\d{4}HTS|Rev|Basic|Edition", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ReleasePattern();

    [GeneratedRegex(@"\b\d{4}\.\d{2}\.\d{2}(\.\d{2})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex HtsReferencePattern();
}
