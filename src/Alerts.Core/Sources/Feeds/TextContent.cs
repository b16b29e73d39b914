namespace Alerts.Core.Sources.Feeds;

/// <summary>Plain text from feed and page text: markup removed, entities decoded, C1 "smart quotes" repaired, white space folded.</summary>
public static class TextContent
{
    // windows-1252 characters for the C1 code points U+0080..U+009F that feeds carry when cp1252 text was mislabelled.
    private const string Cp1252High =
        "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
        "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

    /// <summary>Escaped HTML (an RSS description, an Atom type="html" text) to plain text.</summary>
    public static string Html(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var span = html.AsSpan();
        if (span.IndexOfAny('<', '&') < 0)
        {
            return Plain(html);
        }

        var sb = new StringBuilder(html.Length);
        var i = 0;
        while (i < span.Length)
        {
            var c = span[i];
            if (c == '<' && i + 1 < span.Length && (char.IsAsciiLetter(span[i + 1]) || span[i + 1] is '/' or '!' or '?'))
            {
                var end = span[i..].IndexOf('>');
                if (end < 0)
                {
                    break; // an unterminated tag at the end: drop it
                }

                var tag = span.Slice(i + 1, end - 1);
                if (StartsWithWord(tag, "script") || StartsWithWord(tag, "style"))
                {
                    var closeTag = StartsWithWord(tag, "script") ? "</script" : "</style";
                    var close = html.IndexOf(closeTag, i + end, StringComparison.OrdinalIgnoreCase);
                    var closeEnd = close < 0 ? -1 : html.IndexOf('>', close);
                    sb.Append(' ');
                    i = closeEnd < 0 ? span.Length : closeEnd + 1;
                    continue;
                }

                sb.Append(' ');
                i += end + 1;
                continue;
            }

            sb.Append(c);
            i++;
        }

        var text = sb.ToString();
        if (text.Contains('&', StringComparison.Ordinal))
        {
            text = WebUtility.HtmlDecode(text);
        }

        return Plain(text);
    }

    private static bool StartsWithWord(ReadOnlySpan<char> tag, string word) =>
        tag.StartsWith(word, StringComparison.OrdinalIgnoreCase) && (tag.Length == word.Length || !char.IsAsciiLetterOrDigit(tag[word.Length]));

    /// <summary>Text that is already plain: white space folded, C1 characters mapped to what windows-1252 meant.</summary>
    public static string Plain(string? text) => SafeParsing.FoldWhitespace(text, PlainChar);

    /// <summary>At most <paramref name="max"/> characters, cut at a word boundary with an ellipsis.</summary>
    public static string Cap(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max - 1);
        return (cut > max / 2 ? text[..cut] : text[..max]) + "…";
    }

    /// <summary>A C1 character as windows-1252 meant it; a zero-width space counts as white space.</summary>
    private static char? PlainChar(char ch)
    {
        var c = ch is >= '\u0080' and <= '\u009F' ? Cp1252High[ch - 0x80] : ch;
        return c == '\u200B' ? ' ' : c;
    }
}
