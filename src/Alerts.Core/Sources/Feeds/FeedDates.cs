namespace Alerts.Core.Sources.Feeds;

/// <summary>
/// Reads the dates feeds really carry: RFC 822 and its variants (two-digit years, no seconds, "1500" times, named
/// zones such as EST, AM/PM), W3C/ISO 8601, bare Unix timestamps, and day and month names in other languages
/// (German, French, Spanish, Portuguese, Italian, Dutch, Russian, Greek).
/// </summary>
public static class FeedDates
{
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd", "yyyy-MM",
    ];

    // Three-letter (diacritics removed, lower-case) month prefixes in the languages seen in feeds.
    private static readonly Dictionary<string, int> Months = BuildMonths();

    private static readonly Dictionary<string, int> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GMT"] = 0,
        ["UT"] = 0,
        ["UTC"] = 0,
        ["Z"] = 0,
        ["WET"] = 0,
        ["EST"] = -300,
        ["EDT"] = -240,
        ["CST"] = -360,
        ["CDT"] = -300,
        ["MST"] = -420,
        ["MDT"] = -360,
        ["PST"] = -480,
        ["PDT"] = -420,
        ["AKST"] = -540,
        ["AKDT"] = -480,
        ["HST"] = -600,
        ["AST"] = -240,
        ["ADT"] = -180,
        ["BST"] = 60,
        ["CET"] = 60,
        ["CEST"] = 120,
        ["MEZ"] = 60,
        ["MESZ"] = 120,
        ["EET"] = 120,
        ["EEST"] = 180,
        ["MSK"] = 180,
        ["IST"] = 330,
        ["CCT"] = 480,
        ["HKT"] = 480,
        ["SGT"] = 480,
        ["JST"] = 540,
        ["KST"] = 540,
        ["AEST"] = 600,
        ["AEDT"] = 660,
    };

    /// <summary>Parses a feed date; null when it cannot be read.</summary>
    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var s = value.Trim();
        if (s.Length is >= 9 and <= 13 && s.All(char.IsAsciiDigit) && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
        {
            return s.Length == 13 ? DateTimeOffset.FromUnixTimeMilliseconds(unix) : DateTimeOffset.FromUnixTimeSeconds(unix);
        }

        if (s.Length >= 7 && char.IsAsciiDigit(s[0]) && s[4] == '-'
            && DateTimeOffset.TryParseExact(s, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var iso))
        {
            return iso;
        }

        return ParseLoose(s);
    }

    /// <summary>The date in the form stored in item fields: UTC, ISO 8601, to the second.</summary>
    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseLoose(string s)
    {
        // A leading day name in any language ("Tue,", "mar.,", "Τρι,") says nothing the date does not.
        var comma = s.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0 && s[..comma].All(c => char.IsLetter(c) || c == '.'))
        {
            s = s[(comma + 1)..];
        }

        int? day = null, month = null, year = null, hour = null, minute = null, second = null;
        int? offset = null;
        var pm = false;
        var am = false;
        var numbers = new List<int>();
        foreach (var raw in Tokens(s))
        {
            var t = raw;
            if (t.Contains(':', StringComparison.Ordinal) && char.IsAsciiDigit(t[0]))
            {
                var parts = t.Split(':');
                if (parts.Length >= 2
                    && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
                    && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m))
                {
                    hour = h;
                    minute = m;
                    if (parts.Length >= 3 && int.TryParse(parts[2].Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sec))
                    {
                        second = sec;
                    }
                }

                continue;
            }

            if ((t[0] is '+' or '-') && t.Length >= 3 && t[1..].Replace(":", "", StringComparison.Ordinal).All(char.IsAsciiDigit))
            {
                var digits = t[1..].Replace(":", "", StringComparison.Ordinal);
                var hh = int.Parse(digits.Length <= 2 ? digits : digits[..^2], CultureInfo.InvariantCulture);
                var mm = digits.Length <= 2 ? 0 : int.Parse(digits[^2..], CultureInfo.InvariantCulture);
                offset = (t[0] == '-' ? -1 : 1) * ((hh * 60) + mm);
                continue;
            }

            if (t.All(char.IsAsciiDigit))
            {
                numbers.Add(int.Parse(t, CultureInfo.InvariantCulture));
                if (t.Length == 4 && year is not null && hour is null)
                {
                    // "03 Apr 02 1500 GMT": a four-digit time after the year.
                    var n = numbers[^1];
                    numbers.RemoveAt(numbers.Count - 1);
                    hour = n / 100;
                    minute = n % 100;
                }
                else if (t.Length == 4 && year is null)
                {
                    year = numbers[^1];
                    numbers.RemoveAt(numbers.Count - 1);
                }
                else if (t.Length <= 2 && month is not null && day is not null && year is null)
                {
                    year = numbers[^1] < 50 ? 2000 + numbers[^1] : 1900 + numbers[^1];
                    numbers.RemoveAt(numbers.Count - 1);
                }
                else if (t.Length <= 2 && day is null)
                {
                    day = numbers[^1];
                    numbers.RemoveAt(numbers.Count - 1);
                }

                continue;
            }

            if (t.Equals("PM", StringComparison.OrdinalIgnoreCase))
            {
                pm = true;
                continue;
            }

            if (t.Equals("AM", StringComparison.OrdinalIgnoreCase))
            {
                am = true;
                continue;
            }

            if (Zones.TryGetValue(t, out var z))
            {
                offset = z;
                continue;
            }

            if (month is null && MonthOf(t) is { } mo)
            {
                month = mo;
                continue;
            }
        }

        if (day is null || month is null || year is null)
        {
            return null;
        }

        var hour24 = hour ?? 0;
        if (pm && hour24 < 12)
        {
            hour24 += 12;
        }
        else if (am && hour24 == 12)
        {
            hour24 = 0;
        }

        try
        {
            var local = new DateTime(year.Value, month.Value, day.Value, hour24, minute ?? 0, second ?? 0, DateTimeKind.Unspecified);
            return new DateTimeOffset(local, TimeSpan.FromMinutes(offset ?? 0));
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static IEnumerable<string> Tokens(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c) || c is ',' || (c is '.' && sb.Length > 0 && char.IsLetter(sb[^1])) || (c is '/'))
            {
                if (sb.Length > 0)
                {
                    yield return sb.ToString();
                    sb.Clear();
                }

                continue;
            }

            // "12:53:00+0200" or "12:53:00GMT": split a zone glued to the time.
            if (sb.Length > 0 && (c is '+' || (c is '-' && char.IsAsciiDigit(sb[^1]) && sb.ToString().Contains(':', StringComparison.Ordinal)) || (char.IsLetter(c) && char.IsAsciiDigit(sb[^1]))))
            {
                yield return sb.ToString();
                sb.Clear();
            }

            sb.Append(c);
        }

        if (sb.Length > 0)
        {
            yield return sb.ToString();
        }
    }

    private static int? MonthOf(string token)
    {
        var key = Fold(token);
        if (key.Length < 3)
        {
            return null;
        }

        if (key.StartsWith("juin", StringComparison.Ordinal))
        {
            return 6;
        }

        if (key.StartsWith("juil", StringComparison.Ordinal) || key.StartsWith("ιουλ", StringComparison.Ordinal))
        {
            return 7;
        }

        if (key.StartsWith("ιουν", StringComparison.Ordinal))
        {
            return 6;
        }

        return Months.TryGetValue(key[..3], out var m) ? m : null;
    }

    private static string Fold(string s)
    {
        var d = s.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(d.Length);
        foreach (var c in d)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }

    private static Dictionary<string, int> BuildMonths()
    {
        var names = new (int Month, string Prefixes)[]
        {
            (1, "jan ene gen jän янв ιαν"),
            (2, "feb fev фев φεβ"),
            (3, "mar mär mrz mrt мар μαρ"),
            (4, "apr avr abr апр απρ"),
            (5, "may mai mag mei мая май μαι"),
            (6, "jun giu июн"),
            (7, "jul lug июл"),
            (8, "aug ago aou авг αυγ"),
            (9, "sep set сен σεπ"),
            (10, "oct okt out ott окт οκτ"),
            (11, "nov ноя νοε"),
            (12, "dec dez dic дек δεκ"),
        };
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (month, prefixes) in names)
        {
            foreach (var p in prefixes.Split(' '))
            {
                map[Fold(p)[..3]] = month;
            }
        }

        return map;
    }
}
