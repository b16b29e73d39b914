using Alerts.Core.Sources;

namespace Alerts.Core.Detection;

/// <summary>
/// The one place that decides what is formatting and what is content. Source adapters call it on what they read, and
/// the <see cref="Detector"/> applies <see cref="Fields"/> again before comparing versions, so a change of white space,
/// of the case of markup, of key or list order, of tracking parameters or session ids in links, or of a page's clock
/// and visit counters is never a change.
/// </summary>
public static partial class Normalize
{
    /// <summary>Fields whose value is a "; "-separated list that sources sort; order inside them is not content.</summary>
    public static readonly IReadOnlySet<string> ListFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "agencies", "alt_names", "addresses", "countries", "docket_ids", "regulation_id_numbers", "cfr_references",
        "footnotes", "units", "ids", "citizenships", "nationalities",
    };

    /// <summary>Fields that hold a link.</summary>
    public static readonly IReadOnlySet<string> LinkFields = new HashSet<string>(StringComparer.Ordinal) { "link", "url", "html_url", "pdf_url" };

    /// <summary>Fields that hold the text of a web page, where clocks and counters are stripped.</summary>
    public static readonly IReadOnlySet<string> PageTextFields = new HashSet<string>(StringComparer.Ordinal) { "text" };

    /// <summary>Fields that are never content (they change between fetches of the same document).</summary>
    public static readonly IReadOnlySet<string> VolatileFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "page_views", "fetched_at", "retrieved_at", "session", "session_id", "view_count", "views",
    };

    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "igshid",
        "cmpid", "ref", "ref_src", "smid", "spm", "at_medium", "at_campaign", "ito",
        "jsessionid", "phpsessid", "sessionid", "session_id", "sid", "aspsessionid", "cfid", "cftoken", "_", "ts",
        "timestamp", "cachebust", "cb", "nocache", "rnd",
    };

    /// <summary>Every field of an item in canonical form (volatile fields dropped); keys keep their ordinal order.</summary>
    public static SortedDictionary<string, string> Fields(IReadOnlyDictionary<string, string> fields)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            if (VolatileFields.Contains(key))
            {
                continue;
            }

            result[key] = Field(key, value);
        }

        return result;
    }

    /// <summary>One field in canonical form, by what its key says it holds.</summary>
    public static string Field(string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (LinkFields.Contains(key))
        {
            return Url(value);
        }

        var text = Text(value);
        if (PageTextFields.Contains(key))
        {
            text = PageText(text);
        }

        return ListFields.Contains(key) ? List(text.Split("; ")) : text;
    }

    /// <summary>
    /// Text in canonical form: Unicode NFKC (full-width forms, compatibility characters), zero-width characters removed,
    /// markup tag names lower-cased, runs of white space folded to one space, ends trimmed.
    /// </summary>
    public static string Text(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var s = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        if (s.Contains('<', StringComparison.Ordinal))
        {
            s = TagName().Replace(s, m => m.Value.ToLowerInvariant());
        }

        return SafeParsing.FoldWhitespace(s, static c => c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD' ? null : c);
    }

    /// <summary>A list as sources write it: parts trimmed, empty and duplicate parts dropped, sorted ordinally, joined with "; ".</summary>
    public static string List(IEnumerable<string?> parts) =>
        string.Join("; ", parts.Select(p => Text(p)).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>
    /// A link in canonical form: scheme and host lower case, default port, fragment, tracking parameters (utm_*, fbclid,
    /// gclid...), session ids (in the query or as ";jsessionid=" path parameters) and cache-busters removed, the remaining
    /// query parameters sorted. Anything that is not an absolute http(s) URL is only trimmed.
    /// </summary>
    public static string Url(string? url)
    {
        var trimmed = (url ?? "").Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return trimmed;
        }

        var path = SessionPathParameter().Replace(uri.AbsolutePath, "");
        var query = uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p =>
            {
                var name = Uri.UnescapeDataString(p.Split('=', 2)[0]);
                return !name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) && !TrackingParameters.Contains(name);
            })
            .Order(StringComparer.Ordinal)
            .ToList();
        var sb = new StringBuilder();
        sb.Append(uri.Scheme).Append("://").Append(uri.Host.ToLowerInvariant());
        if (!uri.IsDefaultPort)
        {
            sb.Append(':').Append(uri.Port.ToString(CultureInfo.InvariantCulture));
        }

        sb.Append(path);
        if (query.Count > 0)
        {
            sb.Append('?').Append(string.Join('&', query));
        }

        return sb.ToString();
    }

    /// <summary>
    /// The text of a web page without what changes on every visit: clocks and "last updated" stamps, visit and view
    /// counters (English, Chinese, Japanese, Dutch), session tokens. Dates of publication in the form a page states
    /// them ("2023-07-03", "2023年7月3日") stay: they are content.
    /// </summary>
    public static string PageText(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var s = Counter().Replace(text, "");
        s = Stamp().Replace(s, "");
        s = Clock().Replace(s, "");
        s = SessionToken().Replace(s, "");
        return Text(s);
    }

    [GeneratedRegex(@"</?[A-Za-z][A-Za-z0-9:-]*", RegexOptions.CultureInvariant)]
    private static partial Regex TagName();

    [GeneratedRegex(@";(jsessionid|phpsessid|sid|sessionid)=[^/?#]*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SessionPathParameter();

    [GeneratedRegex(
        @"(?:(?:page\s*)?views?|visits?|visitors?|hits|clicks?|bezoeken|weergaven|keer bekeken|浏览次数|浏览量|阅读次数|阅读量|访问量|访问次数|点击数|点击量|点击次数|閲覧数|閲覧回数|アクセス数)\s*[:：]?\s*[\d,，.]+(?:\s*(?:times|次|回))?",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Counter();

    [GeneratedRegex(
        @"(?:last\s+(?:updated|modified|refreshed)|page\s+generated|generated\s+at|current\s+time|laatst\s+bijgewerkt|更新时间|当前时间|生成时间|最終更新|更新日時)" +
        @"\s*(?:at|on|op)?\s*[:：]?\s*" +
        @"(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:[T\s]*\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)?|\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)" +
        @"(?:\s*(?:Z|[AP]M|UTC|GMT|CET|CEST|JST|[+-]\d{2}:?\d{2}))?",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Stamp();

    [GeneratedRegex(@"\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?", RegexOptions.CultureInvariant)]
    private static partial Regex Clock();

    [GeneratedRegex(@"(?:session(?:[ _-]?id)?|sid|token|nonce|csrf(?:[_-]?token)?)\s*[:=]\s*[A-Za-z0-9_\-]{8,}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SessionToken();
}
