namespace Alerts.Core.Sources.FederalRegister;

/// <summary>
/// The Federal Register API v1 (documents.json): documents of the watched agencies and documents of any agency that
/// match the configured terms, newest first, from the cursor date on, following next_page_url up to a bound.
/// Settings: agencies (comma-separated slugs), terms (|-separated full-text searches), types (comma-separated),
/// lookbackDays (first poll, default 30), perPage (default 100), maxPages (default 10).
/// <para>
/// Full text when the metadata is thin: a new document (not recorded yet, or recorded only from public inspection) that
/// has no abstract, or whose type is in fullTextTypes (comma-separated, default "Presidential Document"), gets its
/// raw_text_url (or body_html_url) fetched once through the same fetcher, as plain text, for the classifier. At most
/// maxFullText (default 25) such requests a poll; fullText=off turns it off. A full text that cannot be fetched leaves the
/// document classified on its metadata. A BIS rule that adds or revises Entity List, Unverified List or MEU entries (by
/// its title, <see cref="EntityListRules.IsEntityRule"/>) always gets its body_html_url fetched: the watchlists read the
/// entities it names from it.
/// </para>
/// </summary>
public sealed class FederalRegisterSource : ISourceAdapter
{
    public const string KindName = "federal-register";

    private static readonly string[] Fields =
    [
        "title", "type", "abstract", "document_number", "html_url", "pdf_url", "publication_date", "agencies",
        "citation", "regulation_id_numbers", "docket_ids", "cfr_references", "action", "effective_on", "correction_of",
        "significant", "signing_date", "raw_text_url", "body_html_url", "comments_close_on", "dates",
    ];

    public string Kind => KindName;

    public async Task<FetchResult> FetchAsync(SourceContext context, CancellationToken cancellationToken = default)
    {
        var source = context.Source;
        var since = SinceDate(context);
        var perPage = Math.Clamp(source.IntSetting("perPage", 100), 1, 1000);
        var maxPages = Math.Clamp(source.IntSetting("maxPages", 10), 1, 50);
        var items = new Dictionary<string, SourceItem>(StringComparer.Ordinal);
        var textLinks = new Dictionary<string, string>(StringComparer.Ordinal);
        var maxDate = context.Cursor;

        var queries = new List<IEnumerable<KeyValuePair<string, string>>>();
        var agencies = Split(source.Setting("agencies") ?? "", ',');
        var types = Split(source.Setting("types") ?? "", ',');
        if (agencies.Length > 0)
        {
            queries.Add(agencies.Select(a => KeyValuePair.Create("conditions[agencies][]", a)));
        }

        foreach (var term in Split(source.Setting("terms") ?? "", '|'))
        {
            queries.Add([KeyValuePair.Create("conditions[term]", term)]);
        }

        foreach (var conditions in queries)
        {
            var query = new List<KeyValuePair<string, string>>(conditions)
            {
                KeyValuePair.Create("conditions[publication_date][gte]", since),
            };
            query.AddRange(types.Select(t => KeyValuePair.Create("conditions[type][]", t)));
            query.AddRange(Fields.Select(f => KeyValuePair.Create("fields[]", f)));
            query.Add(KeyValuePair.Create("per_page", perPage.ToString(CultureInfo.InvariantCulture)));
            query.Add(KeyValuePair.Create("order", "newest"));

            string? next = "/api/v1/documents.json?" + QueryString(query);
            for (var page = 0; next is not null && page < maxPages; page++)
            {
                var doc = await context.Http.GetAsync(next, conditional: false, accept: "application/json", cancellationToken)
                    ?? throw new SourceException($"{source.Id}: unexpected 304 for an unconditional request");
                using var json = SafeParsing.ParseJson(source.Id, doc.Content);
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new SourceException($"{source.Id}: expected a JSON object from documents.json, got {root.ValueKind}");
                }

                if (root.TryGetProperty("errors", out var errors))
                {
                    throw new SourceException($"{source.Id}: the Federal Register refused the search: {errors.GetRawText()}");
                }

                // A search with no match has no "results" key at all.
                if (root.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
                {
                    foreach (var r in results.EnumerateArray())
                    {
                        if (ToItem(r, doc, source) is { } item)
                        {
                            items.TryAdd(item.ItemKey, item);
                            // A BIS rule that adds entities is read from its HTML, whose tables keep each entry's cell whole
                            // (the plain text sets the table in columns); see EntityListRules.
                            var entityRule = EntityListRules.IsEntityRule(item.Title, item.Fields.GetValueOrDefault("agencies"));
                            var link = entityRule ? Str(r, "body_html_url") ?? Str(r, "raw_text_url") : Str(r, "raw_text_url") ?? Str(r, "body_html_url");
                            if (link is { Length: > 0 })
                            {
                                textLinks.TryAdd(item.ItemKey, link);
                            }

                            var date = Str(r, "publication_date");
                            if (date is not null && (maxDate is null || string.CompareOrdinal(date, maxDate) > 0))
                            {
                                maxDate = date;
                            }
                        }
                    }
                }

                next = Str(root, "next_page_url");
            }
        }

        await AddFullTextsAsync(context, items, textLinks, cancellationToken);
        return new FetchResult
        {
            Items = [.. items.Values],
            IsCompleteSnapshot = false,
            Cursor = maxDate,
            RequestCount = context.Http.RequestCount,
        };
    }

    /// <summary>
    /// Fetches the full text of the new documents whose metadata is thin (no abstract, or a type in fullTextTypes), once
    /// each: a document already recorded as published is skipped, so re-reading the cursor's day costs nothing.
    /// </summary>
    private static async Task AddFullTextsAsync(SourceContext context, Dictionary<string, SourceItem> items, Dictionary<string, string> links, CancellationToken cancellationToken)
    {
        var source = context.Source;
        if (string.Equals(source.Setting("fullText"), "off", StringComparison.OrdinalIgnoreCase) || links.Count == 0)
        {
            return;
        }

        var types = new HashSet<string>(Split(source.Setting("fullTextTypes") ?? "Presidential Document", ','), StringComparer.OrdinalIgnoreCase);
        var thin = items.Values
            .Where(i => links.ContainsKey(i.ItemKey)
                && (string.IsNullOrEmpty(i.Summary) || types.Contains(i.DocumentType ?? "") || EntityListRules.IsEntityRule(i.Title, i.Fields.GetValueOrDefault("agencies"))))
            .Select(i => i.ItemKey)
            .ToList();
        if (thin.Count == 0)
        {
            return;
        }

        var known = context.KnownStages is null ? new Dictionary<string, int>() : await context.KnownStages(thin, cancellationToken);
        var budget = Math.Clamp(source.IntSetting("maxFullText", 25), 0, 200);
        foreach (var key in thin.Where(k => !known.TryGetValue(k, out var stage) || stage < 1).Take(budget))
        {
            items[key] = await FullTexts.FetchIntoAsync(context, items[key], links[key], "text/plain, text/html",
                doc => SafeParsing.HtmlToText(System.Text.Encoding.UTF8.GetString(doc.Content.Span)), cancellationToken);
        }
    }

    private static string SinceDate(SourceContext context)
    {
        if (context.Cursor is { Length: 10 } cursor && DateOnly.TryParseExact(cursor, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            // Re-read the cursor's day: documents are added to a day's issue until late in the day.
            return cursor;
        }

        var lookback = context.Source.IntSetting("lookbackDays", 30);
        return DateOnly.FromDateTime(context.Time.GetUtcNow().UtcDateTime.AddDays(-lookback)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    internal static SourceItem? ToItem(JsonElement r, FetchedDocument evidence, SourceDefinition source)
    {
        if (r.ValueKind != JsonValueKind.Object || Str(r, "document_number") is not { Length: > 0 } number)
        {
            return null;
        }

        var title = SafeParsing.FoldWhitespace(Str(r, "title") ?? number);
        var abstractText = SafeParsing.HtmlToText(Str(r, "abstract"));
        var type = Str(r, "type") ?? "Document";
        var agencies = Names(r, "agencies", "name", "raw_name");
        var citation = Str(r, "citation");
        var rins = Strings(r, "regulation_id_numbers");
        var dockets = Strings(r, "docket_ids");
        var cfr = r.TryGetProperty("cfr_references", out var c) && c.ValueKind == JsonValueKind.Array
            ? c.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).Select(x => $"{Str(x, "title")} CFR {Str(x, "part")}").ToArray()
            : [];
        var correctionOf = Str(r, "correction_of");
        var published = Str(r, "publication_date");

        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["stage"] = "published",
            ["title"] = title,
            ["type"] = type,
            ["abstract"] = abstractText,
            ["publication_date"] = published ?? "",
            ["agencies"] = string.Join("; ", agencies),
            ["citation"] = citation ?? "",
            ["action"] = SafeParsing.FoldWhitespace(Str(r, "action")),
            ["effective_on"] = Str(r, "effective_on") ?? "",
            ["regulation_id_numbers"] = string.Join(", ", rins),
            ["docket_ids"] = string.Join(", ", dockets),
            ["cfr_references"] = string.Join(", ", cfr),
            ["correction_of"] = correctionOf ?? "",
        };

        var refs = new List<string> { "FR:" + number };
        if (citation is { Length: > 0 })
        {
            refs.Add("CITATION:" + citation.Trim());
        }

        refs.AddRange(rins.Select(x => "RIN:" + x));
        if (correctionOf is { Length: > 0 })
        {
            refs.Add("CORRECTS:" + correctionOf);
        }

        return new SourceItem
        {
            ItemKey = number,
            Title = title,
            Url = Str(r, "html_url"),
            PublishedAt = ParseDate(published),
            Summary = abstractText.Length > 0 ? abstractText : null,
            DocumentType = type,
            Language = "en",
            Fields = fields,
            DateHints = DateHints(r),
            References = refs,
            Stage = 1,
            Evidence = evidence,
        };
    }

    /// <summary>comments_close_on and the DATES section (plain text), kept beside the fields (see <see cref="SourceItem.DateHints"/>).</summary>
    private static Dictionary<string, string> DateHints(JsonElement r)
    {
        var hints = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Str(r, "comments_close_on") is { Length: > 0 } close)
        {
            hints["comments_close_on"] = close;
        }

        if (SafeParsing.HtmlToText(Str(r, "dates")) is { Length: > 0 } dates)
        {
            hints["dates"] = dates.Length > 4_000 ? dates[..4_000] : dates;
        }

        return hints;
    }

    internal static DateTimeOffset? ParseDate(string? date) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : null;

    internal static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            }
            : null;

    internal static string[] Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? [.. v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
            : [];

    internal static string[] Names(JsonElement e, string name, params string[] keys) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? [.. v.EnumerateArray().Select(x => keys.Select(k => Str(x, k)).FirstOrDefault(s => !string.IsNullOrEmpty(s))).OfType<string>()]
            : [];

    internal static string[] Slugs(JsonElement e) =>
        e.TryGetProperty("agencies", out var v) && v.ValueKind == JsonValueKind.Array
            ? [.. v.EnumerateArray().Select(x => Str(x, "slug")).OfType<string>()]
            : [];

    internal static string[] Split(string s, char sep) =>
        s.Split(sep, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static string QueryString(IEnumerable<KeyValuePair<string, string>> query) =>
        string.Join('&', query.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
}
