using Alerts.Core.Sources.Feeds;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Alerts.Core.Sources.Pages;

/// <summary>
/// A web page listing entries (kind <c>page</c>): announcements, news. A change is an entry added or removed, or an
/// entry whose text changed; the rest of the page (menus, counters, generation dates) is not looked at. The first
/// poll records the baseline. Settings: <c>url</c> or <c>path</c>, <c>selector</c> (CSS, one match per entry),
/// <c>ignore</c>, <c>ignore2</c>, ... (regular expressions removed from entry text: counters, session ids, dates of
/// page generation), <c>charset</c> (forces the page's encoding), <c>language</c>, and optionally
/// <c>titleSelector</c> and <c>dateSelector</c> (inside an entry). An entry whose listing gives only a title (and a date)
/// gets its own link followed once, when it is new, for the classifier: settings <c>follow</c> (<c>thin</c> | <c>all</c> |
/// <c>off</c>), <c>maxFollow</c> (default 10 a poll) and <c>textSelector</c> (the article's text on the linked page).
/// </summary>
public sealed partial class PageSource(IKnownItems known) : ISourceAdapter
{
    public const string KindName = "page";

    /// <summary>An entry with fewer letters than this besides its title and date gives only a title.</summary>
    public const int ThinLetters = 30;

    private static readonly TimeSpan RegexBudget = TimeSpan.FromSeconds(1);

    public string Kind => KindName;

    public async Task<FetchResult> FetchAsync(SourceContext context, CancellationToken cancellationToken = default)
    {
        var source = context.Source;
        var selector = source.Setting("selector")
            ?? throw new SourceException($"{source.Id}: a page source needs the setting 'selector' (a CSS selector matching each entry)");
        var ignore = IgnorePatterns(source);
        var follow = FollowSettings.From(source);
        FeedSource.CheckCharset(source);
        var path = FeedSource.FeedPath(source);
        var doc = await context.Http.GetAsync(path, conditional: true, accept: "text/html, application/xhtml+xml;q=0.9, */*;q=0.1", cancellationToken);
        if (doc is null)
        {
            return new FetchResult { NotModified = true, IsCompleteSnapshot = true, RequestCount = context.Http.RequestCount };
        }

        var pageUri = new Uri(new Uri(source.DefaultBaseUrl.TrimEnd('/') + "/"), path);
        var html = TextDecoding.DecodeHtml(doc.Content.Span, TextDecoding.CharsetOf(doc.ContentType), source.Setting("charset"));
        var items = Read(source, html, pageUri, selector, ignore, doc);
        if (follow.Mode != FollowMode.Off && follow.Max > 0)
        {
            items = await FollowLinksAsync(context, items, follow, cancellationToken);
        }

        return new FetchResult
        {
            Items = items,
            IsCompleteSnapshot = true,
            RequestCount = context.Http.RequestCount,
        };
    }

    /// <summary>
    /// Follows the own link of each new entry that needs it (thin, on the page's origin), at most <c>maxFollow</c> a poll;
    /// none on the first poll (a baseline alerts nobody) and none for an entry already recorded.
    /// </summary>
    private async Task<List<SourceItem>> FollowLinksAsync(SourceContext context, List<SourceItem> items, FollowSettings follow, CancellationToken cancellationToken)
    {
        var source = context.Source;
        var origin = new Uri(source.DefaultBaseUrl);
        var candidates = items
            .Where(i => i.Url is { } u && Uri.TryCreate(u, UriKind.Absolute, out var link) && string.Equals(link.Host, origin.Host, StringComparison.OrdinalIgnoreCase)
                && (follow.Mode == FollowMode.All || IsThin(i)))
            .ToList();
        if (candidates.Count == 0)
        {
            return items;
        }

        var recorded = await known.ReadAllAsync(source.Scope, cancellationToken);
        if (recorded.Count == 0)
        {
            return items;
        }

        var fetched = new Dictionary<string, SourceItem>(StringComparer.Ordinal);
        foreach (var item in candidates.Where(i => !recorded.TryGetValue(i.ItemKey, out var k) || k.Removed).Take(follow.Max))
        {
            fetched[item.ItemKey] = await FullTexts.FetchIntoAsync(context, item, item.Url!, "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5",
                doc => ArticleText(source, doc, follow.TextSelector), cancellationToken);
        }

        return [.. items.Select(i => fetched.GetValueOrDefault(i.ItemKey, i))];
    }

    /// <summary>True when an entry's text has fewer than <see cref="ThinLetters"/> letters besides its title and date.</summary>
    internal static bool IsThin(SourceItem item)
    {
        var text = item.Fields.GetValueOrDefault("text", "");
        var title = item.Fields.GetValueOrDefault("title", "");
        var at = title.Length > 0 ? text.IndexOf(title, StringComparison.Ordinal) : -1;
        var rest = at >= 0 ? text.Remove(at, title.Length) : text;
        return rest.Count(char.IsLetter) < ThinLetters;
    }

    /// <summary>The text of a linked article: the textSelector's match, else article, main or body, without scripts, styles and navigation.</summary>
    private static string ArticleText(SourceDefinition source, FetchedDocument doc, string? textSelector)
    {
        var html = TextDecoding.DecodeHtml(doc.Content.Span, TextDecoding.CharsetOf(doc.ContentType), source.Setting("charset"));
        var page = new HtmlParser().ParseDocument(html);
        foreach (var noise in page.QuerySelectorAll("script, style, noscript, nav, header, footer, form").ToList())
        {
            noise.Remove();
        }

        var body = (textSelector is null ? null : page.QuerySelector(textSelector))
            ?? page.QuerySelector("article") ?? page.QuerySelector("main") ?? page.Body;
        return TextContent.Plain(body?.TextContent);
    }

    private enum FollowMode
    {
        Thin,
        All,
        Off,
    }

    private sealed record FollowSettings(FollowMode Mode, int Max, string? TextSelector)
    {
        public static FollowSettings From(SourceDefinition source)
        {
            var value = source.Setting("follow") ?? "thin";
            var mode = value.ToUpperInvariant() switch
            {
                "THIN" => FollowMode.Thin,
                "ALL" => FollowMode.All,
                "OFF" => FollowMode.Off,
                _ => throw new SourceException($"{source.Id}: setting 'follow' holds '{value}'; expected thin, all or off"),
            };
            var max = source.Setting("maxFollow") is { } m
                ? int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 50 ? n
                    : throw new SourceException($"{source.Id}: setting 'maxFollow' holds '{m}'; expected a whole number from 0 to 50")
                : 10;
            var textSelector = source.Setting("textSelector");
            if (textSelector is not null)
            {
                try
                {
                    new HtmlParser().ParseDocument("").QuerySelector(textSelector);
                }
                catch (DomException ex)
                {
                    throw new SourceException($"{source.Id}: setting 'textSelector' holds '{textSelector}', which is not valid CSS ({ex.Message})", inner: ex);
                }
            }

            return new FollowSettings(mode, max, textSelector);
        }
    }

    /// <summary>The entries of a page (internal for tests).</summary>
    internal static List<SourceItem> Read(SourceDefinition source, string html, Uri pageUri, string selector, IReadOnlyList<Regex> ignore, FetchedDocument? evidence)
    {
        var document = new HtmlParser().ParseDocument(html);
        IHtmlCollection<IElement> matches;
        try
        {
            matches = document.QuerySelectorAll(selector);
        }
        catch (DomException ex)
        {
            throw new SourceException($"{source.Id}: the selector '{selector}' is not valid CSS ({ex.Message})", inner: ex);
        }

        var baseHref = document.QuerySelector("base[href]")?.GetAttribute("href");
        var baseUri = baseHref is not null && Uri.TryCreate(pageUri, baseHref, out var b) ? b : pageUri;
        var language = FeedSource.Language(source.Setting("language") ?? document.DocumentElement.GetAttribute("lang"));
        var titleSelector = source.Setting("titleSelector");
        var dateSelector = source.Setting("dateSelector");
        var items = new List<SourceItem>(matches.Length);
        foreach (var entry in matches)
        {
            var text = Clean(entry.TextContent, ignore);
            var anchor = entry as AngleSharp.Html.Dom.IHtmlAnchorElement ?? entry.QuerySelector("a[href]");
            var link = Links.Normalize(anchor?.GetAttribute("href"), baseUri);
            if (text.Length == 0 && link is null)
            {
                continue;
            }

            var titleElement = titleSelector is null ? null : entry.QuerySelector(titleSelector);
            var title = titleElement is not null ? Clean(titleElement.TextContent, ignore)
                : anchor?.GetAttribute("title") is { Length: > 0 } t ? Clean(t, ignore)
                : anchor is not null ? Clean(anchor.TextContent, ignore)
                : entry.QuerySelector("h1, h2, h3, h4") is { } h ? Clean(h.TextContent, ignore)
                : "";
            if (title.Length == 0)
            {
                title = TextContent.Cap(text, 120);
            }

            var dateText = dateSelector is not null && entry.QuerySelector(dateSelector) is { } d ? d.TextContent
                : entry.QuerySelector("time[datetime]")?.GetAttribute("datetime") ?? text;
            var date = FindDate(dateText) ?? "";
            items.Add(new SourceItem
            {
                ItemKey = link is not null ? Links.Key(link) : Links.TextKey("text:", text),
                Title = title,
                Url = link,
                PublishedAt = DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                    ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
                    : null,
                DocumentType = "Announcement",
                Language = language,
                Fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["title"] = title,
                    ["link"] = link ?? "",
                    ["date"] = date,
                    ["text"] = text,
                },
                Evidence = evidence,
            });
        }

        if (items.Count == 0)
        {
            throw new SourceException(matches.Length == 0
                ? $"{source.Id}: the selector '{selector}' matched nothing on {pageUri}: the page's layout changed, or its list is rendered by script; nothing recorded"
                : $"{source.Id}: the selector '{selector}' matched {matches.Length} elements on {pageUri}, all empty; nothing recorded");
        }

        return items;
    }

    /// <summary>Every setting whose name starts with "ignore" is a regular expression removed from entry text.</summary>
    internal static List<Regex> IgnorePatterns(SourceDefinition source)
    {
        var patterns = new List<Regex>();
        foreach (var (key, value) in source.Settings.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (!key.StartsWith("ignore", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(value))
            {
                continue;
            }

            try
            {
                patterns.Add(new Regex(value, RegexOptions.CultureInvariant, RegexBudget));
            }
            catch (ArgumentException ex)
            {
                throw new SourceException($"{source.Id}: the setting {key} is not a valid regular expression: {ex.Message}", inner: ex);
            }
        }

        return patterns;
    }

    private static string Clean(string? text, IReadOnlyList<Regex> ignore)
    {
        var s = TextContent.Plain(text);
        foreach (var r in ignore)
        {
            try
            {
                s = r.Replace(s, " ");
            }
            catch (RegexMatchTimeoutException)
            {
                // A pattern that takes over a second on one entry is the operator's to fix; the text stays as it is.
            }
        }

        return ignore.Count == 0 ? s : TextContent.Plain(s);
    }

    /// <summary>The first date in an entry: 2025-01-15, 2025/1/15, 2025年1月15日, 令和7年1月15日, 15-01-2025, 15 januari 2025.</summary>
    internal static string? FindDate(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (YearFirst().Match(text) is { Success: true } m1)
        {
            return Date(int.Parse(m1.Groups[1].Value, CultureInfo.InvariantCulture), m1.Groups[2].Value, m1.Groups[3].Value);
        }

        if (Reiwa().Match(text) is { Success: true } m2)
        {
            var y = m2.Groups[1].Value == "元" ? 1 : int.Parse(m2.Groups[1].Value, CultureInfo.InvariantCulture);
            return Date(2018 + y, m2.Groups[2].Value, m2.Groups[3].Value);
        }

        if (DayFirst().Match(text) is { Success: true } m3)
        {
            return Date(int.Parse(m3.Groups[3].Value, CultureInfo.InvariantCulture), m3.Groups[2].Value, m3.Groups[1].Value);
        }

        if (DutchOrEnglish().Match(text) is { Success: true } m4)
        {
            var month = Array.FindIndex(MonthNames, n => m4.Groups[2].Value.StartsWith(n, StringComparison.OrdinalIgnoreCase)) % 12 + 1;
            return Date(int.Parse(m4.Groups[3].Value, CultureInfo.InvariantCulture), month.ToString(CultureInfo.InvariantCulture), m4.Groups[1].Value);
        }

        return null;
    }

    private static readonly string[] MonthNames =
    [
        "jan", "feb", "maa", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];

    private static string? Date(int year, string month, string day)
    {
        var mo = int.Parse(month, CultureInfo.InvariantCulture);
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        return year is >= 1990 and <= 2100 && mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(year, mo)
            ? new DateOnly(year, mo, d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null;
    }

    [GeneratedRegex(@"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex YearFirst();

    [GeneratedRegex(@"令和\s*(\d{1,2}|元)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", RegexOptions.CultureInvariant)]
    private static partial Regex Reiwa();

    [GeneratedRegex(@"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d{2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex DayFirst();

    [GeneratedRegex(
        @"(?<!\d)(\d{1,2})\s+(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|february|march|may|june|july|august|october)\s+((?:19|20)\d{2})",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DutchOrEnglish();
}
