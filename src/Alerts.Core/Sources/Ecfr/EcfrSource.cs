using System.Xml;
using System.Xml.Linq;
using Alerts.Core.Sources.FederalRegister;

namespace Alerts.Core.Sources.Ecfr;

/// <summary>
/// The eCFR versioner API for one CFR title (the EAR: title 15, parts 730-774). Each poll reads titles.json; while the
/// title is being processed (or the API answers 503) the poll is a wait, not a failure. When the title's dates are
/// unchanged nothing else is fetched. Otherwise the version list of every watched part is read, and each section or
/// appendix is an item at its latest version. Full text is fetched only for versions that are new since the snapshot
/// (per section, /full/{date}/title-15.xml?part=..&amp;section=..); the first poll reads one part document per part.
/// The previous text comes from the snapshot, so a modified item's diff holds the text before and after.
/// Settings: title (default 15), parts (comma-separated; ranges like 730-774 allowed), since (issue_date[gte], default 2017-01-01).
/// </summary>
public sealed class EcfrSource(IKnownItems known) : ISourceAdapter
{
    public const string KindName = "ecfr";
    public const string DefaultParts = "730,732,734,736,738,740,742,743,744,745,746,747,748,750,752,754,756,758,760,762,764,766,768,770,772,774";

    /// <summary>How long to wait when the title is being processed and the server named no time.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(15);

    public string Kind => KindName;

    public async Task<FetchResult> FetchAsync(SourceContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await FetchCoreAsync(context, cancellationToken);
        }
        catch (SourceException ex) when (ex.Status == 503)
        {
            // The versioner answers 503 with Retry-After while a title is processed.
            return new FetchResult { WaitRequested = ex.RetryAfter is { } ra && ra > TimeSpan.Zero ? ra : DefaultWait, RequestCount = context.Http.RequestCount };
        }
    }

    private async Task<FetchResult> FetchCoreAsync(SourceContext context, CancellationToken cancellationToken)
    {
        var source = context.Source;
        var title = source.IntSetting("title", 15);
        var parts = Parts(source);
        var since = source.Setting("since") ?? "2017-01-01";

        var titlesDoc = await context.Http.GetAsync("/api/versioner/v1/titles.json", conditional: false, accept: "application/json", cancellationToken)
            ?? throw new SourceException($"{source.Id}: unexpected 304 for an unconditional request");
        var status = ReadTitleStatus(source.Id, titlesDoc.Content, title);
        if (status.Processing)
        {
            return new FetchResult { WaitRequested = DefaultWait, RequestCount = context.Http.RequestCount };
        }

        var cursor = $"{status.LatestAmendedOn}|{status.LatestIssueDate}|{string.Join(",", parts)}";
        if (cursor == context.Cursor)
        {
            return new FetchResult { NotModified = true, IsCompleteSnapshot = true, Cursor = cursor, RequestCount = context.Http.RequestCount };
        }

        var stored = await known.ReadAllAsync(source.Scope, cancellationToken);
        var baseline = stored.Count == 0;
        var items = new List<SourceItem>();
        foreach (var part in parts)
        {
            var query = FederalRegisterSource.QueryString([KeyValuePair.Create("part", part), KeyValuePair.Create("issue_date[gte]", since)]);
            var versionsDoc = await context.Http.GetAsync($"/api/versioner/v1/versions/title-{title}.json?{query}", conditional: false, accept: "application/json", cancellationToken)
                ?? throw new SourceException($"{source.Id}: unexpected 304 for an unconditional request");
            var versions = ParseVersions(source.Id, versionsDoc.Content);
            var latest = versions.GroupBy(v => v.Identifier, StringComparer.Ordinal)
                .Select(g => (Latest: g.OrderBy(v => v.Date, StringComparer.Ordinal).ThenBy(v => v.IssueDate, StringComparer.Ordinal).Last(), All: g.ToList()))
                .OrderBy(x => x.Latest.Identifier, StringComparer.Ordinal)
                .ToList();

            Dictionary<string, string>? partTexts = null;
            foreach (var (v, all) in latest)
            {
                stored.TryGetValue(v.Identifier, out var snap);
                if (snap is not null && !snap.Removed && snap.Fields.TryGetValue("amendment_date", out var known) && known == v.AmendmentDate
                    && snap.Fields.TryGetValue("date", out var knownDate) && knownDate == v.Date)
                {
                    items.Add(ToItem(title, v, snap.Fields, null));
                    continue;
                }

                string text;
                FetchedDocument? evidence = null;
                if (v.Removed)
                {
                    text = "";
                }
                else if (baseline)
                {
                    if (partTexts is null)
                    {
                        var partDate = latest.Max(x => x.Latest.Date)!;
                        var partDoc = await context.Http.GetAsync(
                            $"/api/versioner/v1/full/{partDate}/title-{title}.xml?part={Uri.EscapeDataString(part)}", conditional: false, accept: "application/xml", cancellationToken)
                            ?? throw new SourceException($"{source.Id}: unexpected 304 for an unconditional request");
                        partTexts = ParseTexts(source.Id, partDoc.Content);
                    }

                    if (partTexts.TryGetValue(v.Identifier, out var fromPart))
                    {
                        text = fromPart;
                    }
                    else
                    {
                        // Not in the part document (e.g. an appendix the part answer leaves out): ask for it alone.
                        (text, _) = await SectionTextAsync(context, title, part, v, cancellationToken);
                    }
                }
                else
                {
                    (text, evidence) = await SectionTextAsync(context, title, part, v, cancellationToken);
                }

                // Substantive if any version since the snapshot's is.
                var newer = snap?.Fields.GetValueOrDefault("date") is { } from ? all.Where(x => string.CompareOrdinal(x.Date, from) > 0).ToList() : [v];
                var substantive = newer.Count == 0 ? v.Substantive : newer.Any(x => x.Substantive);
                var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["part"] = v.Part,
                    ["name"] = v.Name,
                    ["text"] = text,
                    ["amendment_date"] = v.AmendmentDate,
                    ["date"] = v.Date,
                    ["substantive"] = substantive ? "true" : "false",
                    ["removed"] = v.Removed ? "true" : "false",
                };
                items.Add(ToItem(title, v, fields, evidence));
            }
        }

        return new FetchResult { Items = items, IsCompleteSnapshot = true, Cursor = cursor, RequestCount = context.Http.RequestCount };
    }

    private static async Task<(string Text, FetchedDocument Evidence)> SectionTextAsync(SourceContext context, int title, string part, ContentVersion v, CancellationToken cancellationToken)
    {
        var key = v.Type == "appendix" ? "appendix" : "section";
        var q = FederalRegisterSource.QueryString([KeyValuePair.Create("part", part), KeyValuePair.Create(key, v.Identifier)]);
        var doc = await context.Http.GetAsync($"/api/versioner/v1/full/{v.Date}/title-{title}.xml?{q}", conditional: false, accept: "application/xml", cancellationToken)
            ?? throw new SourceException($"{context.Source.Id}: unexpected 304 for an unconditional request");
        var texts = ParseTexts(context.Source.Id, doc.Content);
        return (texts.GetValueOrDefault(v.Identifier) ?? (texts.Count == 1 ? texts.Values.First() : ""), doc);
    }

    private static SourceItem ToItem(int title, ContentVersion v, IReadOnlyDictionary<string, string> fields, FetchedDocument? evidence)
    {
        var substantive = fields.GetValueOrDefault("substantive") == "true";
        var amendment = fields.GetValueOrDefault("amendment_date") ?? v.AmendmentDate;
        return new SourceItem
        {
            ItemKey = v.Identifier,
            Title = $"{title} CFR {v.Name}",
            Url = v.Type == "appendix"
                ? $"https://www.ecfr.gov/current/title-{title}/part-{v.Part}/appendix-{Uri.EscapeDataString(v.Identifier)}"
                : $"https://www.ecfr.gov/current/title-{title}/section-{Uri.EscapeDataString(v.Identifier)}",
            PublishedAt = FederalRegisterSource.ParseDate(amendment),
            Summary = $"{title} CFR {v.Identifier} amended {amendment}" + (substantive ? "" : " (not substantive)") + (v.Removed ? " (removed)" : ""),
            DocumentType = "CFR Section",
            Language = "en",
            Fields = fields,
            References = [$"CFR:{title} CFR {v.Identifier}", "AMENDED:" + amendment],
            Evidence = evidence,
        };
    }

    /// <summary>Parts to watch: "730-774" ranges and single parts, comma-separated.</summary>
    public static List<string> Parts(SourceDefinition source)
    {
        var parts = new List<string>();
        foreach (var p in FederalRegisterSource.Split(source.Setting("parts") ?? DefaultParts, ','))
        {
            var range = p.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length == 2 && int.TryParse(range[0], CultureInfo.InvariantCulture, out var a) && int.TryParse(range[1], CultureInfo.InvariantCulture, out var b) && a <= b && b - a <= 200)
            {
                parts.AddRange(Enumerable.Range(a, b - a + 1).Select(i => i.ToString(CultureInfo.InvariantCulture)));
            }
            else if (range.Length == 1 && int.TryParse(p, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                parts.Add(n.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                throw new SourceException($"{source.Id}: setting 'parts' holds '{p}', which is neither a part number nor a range like 730-774");
            }
        }

        return parts;
    }

    /// <summary>A title's dates and whether it is being processed, from titles.json.</summary>
    public sealed record TitleStatus(string LatestAmendedOn, string LatestIssueDate, bool Processing);

    public static TitleStatus ReadTitleStatus(string sourceId, ReadOnlyMemory<byte> body, int title)
    {
        using var json = SafeParsing.ParseJson(sourceId, body);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("titles", out var titles) || titles.ValueKind != JsonValueKind.Array)
        {
            throw new SourceException($"{sourceId}: titles.json has no 'titles' array");
        }

        var importing = root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object
            && meta.TryGetProperty("import_in_progress", out var ip) && ip.ValueKind == JsonValueKind.True;
        foreach (var t in titles.EnumerateArray())
        {
            if (t.ValueKind == JsonValueKind.Object && t.TryGetProperty("number", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var num) && num == title)
            {
                var processing = t.TryGetProperty("processing_in_progress", out var pip) && pip.ValueKind == JsonValueKind.True;
                return new TitleStatus(FederalRegisterSource.Str(t, "latest_amended_on") ?? "", FederalRegisterSource.Str(t, "latest_issue_date") ?? "", processing || importing);
            }
        }

        throw new SourceException($"{sourceId}: titles.json does not list title {title}");
    }

    /// <summary>One entry of content_versions.</summary>
    public sealed record ContentVersion(string Identifier, string Name, string Part, string Date, string AmendmentDate, string IssueDate, bool Substantive, bool Removed, string Type);

    /// <summary>Reads a versioner versions answer: content_versions[] with identifier, name, part, date, amendment_date, issue_date, substantive, removed, type.</summary>
    public static List<ContentVersion> ParseVersions(string sourceId, ReadOnlyMemory<byte> body)
    {
        using var json = SafeParsing.ParseJson(sourceId, body);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("content_versions", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new SourceException($"{sourceId}: the versions answer has no 'content_versions' array");
        }

        var result = new List<ContentVersion>();
        foreach (var v in list.EnumerateArray())
        {
            var id = FederalRegisterSource.Str(v, "identifier");
            var date = FederalRegisterSource.Str(v, "date");
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(date))
            {
                continue;
            }

            result.Add(new ContentVersion(
                id,
                SafeParsing.FoldWhitespace(FederalRegisterSource.Str(v, "name") ?? id),
                FederalRegisterSource.Str(v, "part") ?? "",
                date,
                FederalRegisterSource.Str(v, "amendment_date") ?? date,
                FederalRegisterSource.Str(v, "issue_date") ?? date,
                FederalRegisterSource.Str(v, "substantive") == "true",
                FederalRegisterSource.Str(v, "removed") == "true",
                FederalRegisterSource.Str(v, "type") ?? "section"));
        }

        return result;
    }

    /// <summary>
    /// Reads eCFR full-text XML (DIV8 TYPE="SECTION" and DIV9 TYPE="APPENDIX" elements, each with an N attribute, a HEAD and
    /// paragraphs) into identifier -> plain text, one line per paragraph. DTDs and external entities are refused.
    /// </summary>
    public static Dictionary<string, string> ParseTexts(string sourceId, ReadOnlyMemory<byte> body)
    {
        XDocument doc;
        try
        {
            using var stream = new MemoryStream(body.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, SafeParsing.XmlSettings());
            doc = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new SourceException($"{sourceId}: the full-text XML cannot be read ({ex.Message})", inner: ex);
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var div in doc.Descendants().Where(e => e.Name.LocalName is "DIV8" or "DIV9" && e.Attribute("N") is not null))
        {
            var sb = new StringBuilder();
            foreach (var child in div.Elements())
            {
                var line = SafeParsing.FoldWhitespace(child.Value);
                if (line.Length > 0)
                {
                    sb.Append(line).Append('\n');
                }
            }

            texts.TryAdd(div.Attribute("N")!.Value.Trim(), sb.ToString().TrimEnd('\n'));
        }

        return texts;
    }
}
