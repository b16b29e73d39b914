using Alerts.Core.Sources.FederalRegister;

namespace Alerts.Core.Sources.ScreeningList;

/// <summary>
/// The Consolidated Screening List bulk file (trade.gov, no key): JSON (default) or CSV, fetched with If-None-Match /
/// If-Modified-Since, so an unchanged file costs one 304. Every entry of the chosen lists is an item keyed by its id; the
/// file holds active entries only, so the fetch is a complete snapshot and an entry that disappears was removed.
/// Settings: lists (comma-separated codes, default EL,MEU,UVL), format (json|csv), path (the file's path).
/// </summary>
public sealed partial class ScreeningListSource : ISourceAdapter
{
    public const string KindName = "screening-list";
    public const string JsonPath = "/downloadable_consolidated_screening_list/v1/consolidated.json";
    public const string CsvPath = "/downloadable_consolidated_screening_list/v1/consolidated.csv";

    private static readonly string[] AddressKeys = ["address", "city", "state", "postal_code", "country"];

    public string Kind => KindName;

    public async Task<FetchResult> FetchAsync(SourceContext context, CancellationToken cancellationToken = default)
    {
        var source = context.Source;
        var csv = string.Equals(source.Setting("format"), "csv", StringComparison.OrdinalIgnoreCase);
        var format = source.Setting("format") ?? "json";
        if (!csv && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            throw new SourceException($"{source.Id}: setting 'format' must be json or csv (got '{format}')");
        }

        var path = source.Setting("path") ?? (csv ? CsvPath : JsonPath);
        var lists = Lists(source);
        var doc = await context.Http.GetAsync(path, conditional: true, accept: csv ? "text/csv" : "application/json", cancellationToken);
        if (doc is null)
        {
            return new FetchResult { NotModified = true, IsCompleteSnapshot = true, RequestCount = context.Http.RequestCount };
        }

        var items = csv ? ParseCsv(source.Id, doc.Content, lists, doc) : ParseJson(source.Id, doc.Content, lists, doc);
        return new FetchResult { Items = items, IsCompleteSnapshot = true, RequestCount = context.Http.RequestCount };
    }

    /// <summary>The list codes a source watches (upper case).</summary>
    public static HashSet<string> Lists(SourceDefinition source) =>
        new(FederalRegisterSource.Split(source.Setting("lists") ?? "EL,MEU,UVL", ',').Select(l => l.ToUpperInvariant()), StringComparer.Ordinal);

    /// <summary>Reads the JSON bulk file: an array of entries, or an object whose "results" is that array.</summary>
    public static List<SourceItem> ParseJson(string sourceId, ReadOnlyMemory<byte> body, IReadOnlySet<string> lists, FetchedDocument? evidence = null)
    {
        using var json = SafeParsing.ParseJson(sourceId, body);
        var root = json.RootElement;
        var entries = root.ValueKind switch
        {
            JsonValueKind.Array => root,
            JsonValueKind.Object when root.TryGetProperty("results", out var r) && r.ValueKind == JsonValueKind.Array => r,
            _ => throw new SourceException($"{sourceId}: expected a JSON array of entries or an object with a 'results' array, got {root.ValueKind}"),
        };

        var items = new List<SourceItem>();
        foreach (var e in entries.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            // One pass over the entry's properties (TryGetProperty is a linear search per call).
            var p = new Dictionary<string, JsonElement>(24, StringComparer.Ordinal);
            foreach (var prop in e.EnumerateObject())
            {
                p.TryAdd(prop.Name, prop.Value);
            }

            var id = Str(p, "id") ?? Str(p, "_id");
            var sourceName = Str(p, "source");
            var list = ListCode(sourceName);
            if (id is null || list is null || !lists.Contains(list))
            {
                continue;
            }

            var addresses = new List<string>();
            var countries = new SortedSet<string>(StringComparer.Ordinal);
            if (p.TryGetValue("addresses", out var addrs) && addrs.ValueKind == JsonValueKind.Array)
            {
                foreach (var a in addrs.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object))
                {
                    var parts = AddressKeys.Select(k => Str(a, k)).Where(s => !string.IsNullOrEmpty(s));
                    addresses.Add(string.Join(", ", parts));
                    if (Str(a, "country") is { Length: > 0 } country)
                    {
                        countries.Add(country);
                    }
                }
            }

            var altNames = p.TryGetValue("alt_names", out var alts) && alts.ValueKind == JsonValueKind.Array
                ? alts.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                : (Str(p, "alt_names") is { } altText ? SplitList(altText) : []);
            items.Add(ToItem(id, list, sourceName!, Str(p, "name"), Str(p, "type"), altNames, addresses, countries,
                Str(p, "federal_register_notice"), Str(p, "start_date"), Str(p, "end_date"), Str(p, "license_requirement"), Str(p, "license_policy"),
                Str(p, "remarks"), Str(p, "source_information_url") ?? Str(p, "source_list_url"), evidence));
        }

        return items;
    }

    /// <summary>Reads the CSV bulk file (the data.trade.gov column names: _id, source, name, addresses, alt_names, ...).</summary>
    public static List<SourceItem> ParseCsv(string sourceId, ReadOnlyMemory<byte> body, IReadOnlySet<string> lists, FetchedDocument? evidence = null)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(body.Span);
        }
        catch (DecoderFallbackException ex)
        {
            throw new SourceException($"{sourceId}: the CSV file is not UTF-8 ({ex.Message})", inner: ex);
        }

        var rows = Csv.ReadWithHeader(text, sourceId);
        if (rows.Count > 0 && !(rows[0].ContainsKey("_id") || rows[0].ContainsKey("id")) || rows.Count > 0 && !rows[0].ContainsKey("source"))
        {
            throw new SourceException($"{sourceId}: the CSV header has no '_id' and 'source' columns: not the consolidated screening list format");
        }

        var items = new List<SourceItem>();
        foreach (var r in rows)
        {
            var id = Value(r, "_id") ?? Value(r, "id");
            var sourceName = Value(r, "source");
            var list = ListCode(sourceName);
            if (id is null || list is null || !lists.Contains(list))
            {
                continue;
            }

            var addresses = SplitList(Value(r, "addresses") ?? "");
            var countries = new SortedSet<string>(addresses.Select(CountryOf).OfType<string>(), StringComparer.Ordinal);
            items.Add(ToItem(id, list, sourceName!, Value(r, "name"), Value(r, "type"), SplitList(Value(r, "alt_names") ?? ""), addresses, countries,
                Value(r, "federal_register_notice"), Value(r, "start_date"), Value(r, "end_date"), Value(r, "license_requirement"),
                Value(r, "license_policy"), Value(r, "remarks"), Value(r, "source_information_url") ?? Value(r, "source_list_url"), evidence));
        }

        return items;
    }

    private static SourceItem ToItem(string id, string list, string sourceName, string? name, string? type, List<string> altNames, List<string> addresses,
        SortedSet<string> countries, string? notice, string? start, string? end, string? requirement, string? policy, string? remarks, string? url, FetchedDocument? evidence)
    {
        var cleanName = SafeParsing.FoldWhitespace(name);
        var noticeText = SafeParsing.FoldWhitespace(notice);
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["list"] = list,
            ["name"] = cleanName,
            ["type"] = SafeParsing.FoldWhitespace(type),
            ["alt_names"] = JoinSorted(altNames),
            ["addresses"] = JoinSorted(addresses),
            ["countries"] = string.Join("; ", countries),
            ["federal_register_notice"] = noticeText,
            ["start_date"] = SafeParsing.FoldWhitespace(start),
            ["end_date"] = SafeParsing.FoldWhitespace(end),
            ["license_requirement"] = SafeParsing.FoldWhitespace(requirement),
            ["license_policy"] = SafeParsing.FoldWhitespace(policy),
            ["remarks"] = SafeParsing.FoldWhitespace(remarks),
        };
        var references = FederalRegisterSource.Split(noticeText, ';').Select(n => "CITATION:" + n).Distinct(StringComparer.Ordinal).ToList();
        var where = countries.Count > 0 ? $" ({string.Join(", ", countries)})" : "";
        return new SourceItem
        {
            ItemKey = id,
            Title = $"{cleanName}{where}",
            Url = url,
            PublishedAt = FederalRegisterSource.ParseDate(start),
            Summary = $"{sourceName}: {cleanName}{where}" + (noticeText.Length > 0 ? $", cited in {noticeText}" : ""),
            DocumentType = list == "EL" ? "Entity List Entry" : list + " Entry",
            Language = "en",
            Fields = fields,
            References = references,
            Evidence = evidence,
        };
    }

    /// <summary>"Entity List (EL) - Bureau of Industry and Security" -> "EL".</summary>
    public static string? ListCode(string? source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return null;
        }

        var m = CodePattern().Match(source);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static string? CountryOf(string address)
    {
        var last = address.Split(',').LastOrDefault()?.Trim();
        return last is { Length: 2 } && last.All(char.IsAsciiLetterUpper) ? last : null;
    }

    private static List<string> SplitList(string text) =>
        [.. text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(SafeParsing.FoldWhitespace).Where(s => s.Length > 0)];

    private static string JoinSorted(IEnumerable<string> values) =>
        string.Join("; ", values.Select(SafeParsing.FoldWhitespace).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private static string? Value(Dictionary<string, string> row, string key) =>
        row.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

    private static string? Str(Dictionary<string, JsonElement> p, string name) =>
        !p.TryGetValue(name, out var v) ? null
        : v.ValueKind == JsonValueKind.String ? (v.GetString() is { } s && !string.IsNullOrWhiteSpace(s) ? s : null)
        : v.ValueKind == JsonValueKind.Number ? v.GetRawText()
        : null;

    private static string? Str(JsonElement e, string name) => FederalRegisterSource.Str(e, name) is { } s && !string.IsNullOrWhiteSpace(s) ? s : null;

    [GeneratedRegex(@"\(([A-Z]{2,5})\)", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
