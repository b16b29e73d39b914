namespace Alerts.Core.Deadlines;

/// <summary>
/// Writes an iCalendar file (RFC 5545) of dates: CRLF line ends, content lines folded at 75 octets (never inside a UTF-8
/// sequence), TEXT values escaped (backslash, semicolon, comma, newline), so no text from a source can start a property
/// or a component of its own. One all-day VEVENT per date (DTSTART;VALUE=DATE, DTEND the day after), UID stable per
/// document, kind and date, DTSTAMP the time the date was recorded, URL the document's link (http or https only).
/// </summary>
public static class CalendarWriter
{
    public const string MediaType = "text/calendar; charset=utf-8";

    public static string Write(string calendarName, IEnumerable<Deadline> deadlines, string uidDomain)
    {
        ArgumentNullException.ThrowIfNull(deadlines);
        var sb = new StringBuilder();
        Line(sb, "BEGIN:VCALENDAR");
        Line(sb, "VERSION:2.0");
        Line(sb, "PRODID:-//export-policy-alerts//deadlines//EN");
        Line(sb, "CALSCALE:GREGORIAN");
        Line(sb, "METHOD:PUBLISH");
        Line(sb, "X-WR-CALNAME:" + Text(calendarName));
        foreach (var d in deadlines)
        {
            Line(sb, "BEGIN:VEVENT");
            Line(sb, "UID:" + d.Key + "@" + uidDomain);
            Line(sb, "DTSTAMP:" + d.RecordedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            Line(sb, "DTSTART;VALUE=DATE:" + d.Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            Line(sb, "DTEND;VALUE=DATE:" + d.Date.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            Line(sb, "SUMMARY:" + Text(Capitalized(DeadlineKinds.Label(d.Kind)) + ": " + d.Title));
            var description = $"{Capitalized(DeadlineKinds.Label(d.Kind))} {d.Date:yyyy-MM-dd} of {d.SourceId} {d.ItemKey} (from {d.Basis}). Change {d.ChangeId}.";
            if (SafeUrl(d.Url) is { } link)
            {
                description += "\n" + link;
            }

            Line(sb, "DESCRIPTION:" + Text(description));
            if (SafeUrl(d.Url) is { } url)
            {
                Line(sb, "URL:" + url);
            }

            Line(sb, "CATEGORIES:" + Text(d.Kind));
            Line(sb, "TRANSP:TRANSPARENT");
            Line(sb, "END:VEVENT");
        }

        Line(sb, "END:VCALENDAR");
        return sb.ToString();
    }

    /// <summary>A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as \n, other control characters dropped.</summary>
    public static string Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case ';': sb.Append(@"\;"); break;
                case ',': sb.Append(@"\,"); break;
                case '\r' when i + 1 < value.Length && value[i + 1] == '\n': break;
                case '\r' or '\n' or '\u2028' or '\u2029': sb.Append(@"\n"); break;
                default:
                    if (!char.IsControl(c))
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>An absolute http(s) link with no character that could end the line, or null.</summary>
    public static string? SafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) && !url!.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            ? u.AbsoluteUri
            : null;

    /// <summary>Appends a content line folded at 75 octets (RFC 5545 3.1), each continuation starting with one space.</summary>
    private static void Line(StringBuilder sb, string line)
    {
        var octets = 0;
        var limit = 75;
        var i = 0;
        while (i < line.Length)
        {
            var width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var bytes = Encoding.UTF8.GetByteCount(line.AsSpan(i, width));
            if (octets + bytes > limit)
            {
                sb.Append("\r\n ");
                octets = 0;
                limit = 74;
            }

            sb.Append(line, i, width);
            octets += bytes;
            i += width;
        }

        sb.Append("\r\n");
    }

    private static string Capitalized(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
