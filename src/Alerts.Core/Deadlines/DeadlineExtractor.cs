using Alerts.Core.Sources;

namespace Alerts.Core.Deadlines;

/// <summary>
/// Finds the dates that matter in a document: from the Federal Register's fields (<c>effective_on</c>,
/// <c>comments_close_on</c>) and from text where the source gives no field — the DATES section, the action, the abstract
/// and the full text ("effective 30 days after publication", "comments must be received by January 5, 2026",
/// "compliance date: ...", "effective on the date of publication"; dates written "January 5, 2026", "Jan. 5, 2026",
/// "5 January 2026", "2026-01-05" or "01/05/2026"). A relative date is counted from the publication date, and is only
/// kept when the document has one. Dates outside 1990-2100 are ignored.
/// </summary>
public static partial class DeadlineExtractor
{
    /// <summary>Characters of a full text read (the DATES section of a rule sits in its first pages).</summary>
    public const int MaxTextChars = 60_000;

    private const string Month =
        @"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)";
    private const string DatePattern = @"(?<date>" + Month + @"\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+" + Month + @",?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})";
    private const string Gap = @"[^.;:\n]{0,25}?";
    private const string Number =
        @"(?<n>\d{1,3}|one|two|three|four|five|six|seven|ten|fourteen|fifteen|twenty|thirty|forty[- ]five|forty|sixty|seventy[- ]five|ninety|one hundred twenty|one hundred eighty)";

    [GeneratedRegex(
        @"\b(?:effective|takes? effect|shall apply|applies)\b(?:\s+date)?(?:\s+(?:on|as of|beginning|from|is|was))?\s*[:\-–—]?\s*" + Gap + DatePattern,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EffectiveDate();

    [GeneratedRegex(
        @"\b(?:effective|takes? effect)\b(?:(?!\bdays?\b)[^.;\n]){0,40}?\b(?:on\s+|upon\s+)?(?:the\s+)?(?:date\s+of\s+)?(?:its\s+)?(?:publication|filing for public inspection)\b(?!\s+of\s+a)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EffectiveOnPublication();

    [GeneratedRegex(
        @"\b(?:effective|takes? effect)\b[^.;\n]{0,40}?\b" + Number + @"\s+(?:\(\d+\)\s+)?(?:calendar\s+)?days\s+(?:after|following|from)\s+(?:the\s+)?(?:date\s+of\s+)?(?:its\s+)?publication",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EffectiveDaysAfter();

    [GeneratedRegex(
        @"\b(?:comments?|written submissions?|requests? for (?:a )?(?:public )?hearing)\b[^.;\n]{0,80}?" +
        @"\b(?:received|submitted|due|filed|close|closes|deadline)\b[^.;\n]{0,30}?\b(?:by|on or before|no later than|before|until|is|:)\s*" + Gap + DatePattern,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CommentsBy();

    [GeneratedRegex(@"\b(?:comment (?:date|period|deadline)|comments due)\b\s*(?:ends|closes|is)?\s*[:\-–—]?\s*" + Gap + DatePattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CommentDateLabel();

    [GeneratedRegex(
        @"\bcomments?\b[^.;\n]{0,80}?\bwithin\s+" + Number + @"\s+(?:\(\d+\)\s+)?days\s+(?:after|following|of|from)\s+(?:the\s+)?(?:date\s+of\s+)?(?:its\s+)?publication",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CommentsWithinDays();

    [GeneratedRegex(
        @"\b(?:compliance\s+(?:date|deadline)s?|compliance\s+(?:is|will be)\s+required|must\s+comply|(?:come|comes)\s+into\s+compliance)\b[^.;\n]{0,80}?" + DatePattern,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ComplianceDate();

    /// <summary>
    /// The dates of an item: <paramref name="fields"/> and <paramref name="hints"/> hold the source's fields
    /// (<c>effective_on</c>, <c>comments_close_on</c>, <c>dates</c>, <c>action</c>, <c>abstract</c>), <paramref name="text"/>
    /// the rest of its text (summary, full text). One entry per kind and date, source fields first.
    /// </summary>
    public static IReadOnlyList<ExtractedDate> Extract(IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string> hints, DateOnly? published, params string?[] text)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(hints);
        var found = new List<ExtractedDate>();
        void Add(string kind, DateOnly? date, string basis)
        {
            if (date is { } d && d.Year is >= 1990 and <= 2100 && !found.Any(f => f.Kind == kind && f.Date == d))
            {
                found.Add(new ExtractedDate(kind, d, basis));
            }
        }

        Add(DeadlineKinds.Effective, IsoDate(Value(fields, hints, "effective_on")), "effective_on");
        Add(DeadlineKinds.Comments, IsoDate(Value(fields, hints, "comments_close_on")), "comments_close_on");

        var texts = new[] { Value(fields, hints, "dates"), Value(fields, hints, "action"), Value(fields, hints, "abstract") }
            .Concat(text).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Length > MaxTextChars ? t[..MaxTextChars] : t);
        foreach (var t in texts)
        {
            var flat = Regex.Replace(t, @"[ \t\r\u00a0]+", " ");
            foreach (Match m in CommentsBy().Matches(flat))
            {
                Add(DeadlineKinds.Comments, ParseDate(m.Groups["date"].Value), Quote(m));
            }

            foreach (Match m in CommentDateLabel().Matches(flat))
            {
                Add(DeadlineKinds.Comments, ParseDate(m.Groups["date"].Value), Quote(m));
            }

            foreach (Match m in ComplianceDate().Matches(flat))
            {
                Add(DeadlineKinds.Compliance, ParseDate(m.Groups["date"].Value), Quote(m));
            }

            foreach (Match m in EffectiveDate().Matches(flat))
            {
                Add(DeadlineKinds.Effective, ParseDate(m.Groups["date"].Value), Quote(m));
            }

            if (published is { } p)
            {
                foreach (Match m in EffectiveDaysAfter().Matches(flat))
                {
                    Add(DeadlineKinds.Effective, Days(m.Groups["n"].Value) is { } n ? p.AddDays(n) : null, Quote(m));
                }

                foreach (Match m in EffectiveOnPublication().Matches(flat))
                {
                    Add(DeadlineKinds.Effective, p, Quote(m));
                }

                foreach (Match m in CommentsWithinDays().Matches(flat))
                {
                    Add(DeadlineKinds.Comments, Days(m.Groups["n"].Value) is { } n ? p.AddDays(n) : null, Quote(m));
                }
            }
        }

        return found;
    }

    /// <summary>The dates of a source item (its fields, date hints, summary and full text).</summary>
    public static IReadOnlyList<ExtractedDate> Extract(SourceItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var published = item.PublishedAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : IsoDate(Value(item.Fields, item.DateHints, "publication_date"));
        return Extract(item.Fields, item.DateHints, published, item.Summary, item.FullText);
    }

    /// <summary>A date as written in English text ("January 5, 2026", "Jan. 5, 2026", "5 January 2026", "2026-01-05", "01/05/2026"), or null.</summary>
    public static DateOnly? ParseDate(string text)
    {
        var s = Regex.Replace(text.Trim(), @"\s+", " ").Replace(",", "", StringComparison.Ordinal);
        if (IsoDate(s) is { } iso)
        {
            return iso;
        }

        if (DateOnly.TryParseExact(s, ["M/d/yyyy", "MM/dd/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var us))
        {
            return us;
        }

        var parts = s.Split(' ');
        if (parts.Length != 3)
        {
            return null;
        }

        var (monthText, dayText) = char.IsDigit(parts[0][0]) ? (parts[1], parts[0]) : (parts[0], parts[1]);
        var month = MonthOf(monthText);
        return month > 0 && int.TryParse(dayText, NumberStyles.None, CultureInfo.InvariantCulture, out var day) && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && year is >= 1 and <= 9999 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;
    }

    private static int MonthOf(string text)
    {
        var t = text.TrimEnd('.').ToLowerInvariant();
        string[] months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
        return t.Length >= 3 ? Array.IndexOf(months, t[..3]) + 1 : 0;
    }

    private static DateOnly? IsoDate(string? s) =>
        DateOnly.TryParseExact(s?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static string? Value(IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string> hints, string name) =>
        fields.TryGetValue(name, out var v) && v.Length > 0 ? v : hints.TryGetValue(name, out var h) && h.Length > 0 ? h : null;

    private static int? Days(string n) => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d
        : n.ToLowerInvariant().Replace('-', ' ') switch
        {
            "one" => 1, "two" => 2, "three" => 3, "four" => 4, "five" => 5, "six" => 6, "seven" => 7, "ten" => 10, "fourteen" => 14,
            "fifteen" => 15, "twenty" => 20, "thirty" => 30, "forty" => 40, "forty five" => 45, "sixty" => 60, "seventy five" => 75,
            "ninety" => 90, "one hundred twenty" => 120, "one hundred eighty" => 180, _ => null,
        };

    private static string Quote(Match m) => m.Value.Length <= 200 ? m.Value.Trim() : m.Value[..200].Trim() + "…";
}
