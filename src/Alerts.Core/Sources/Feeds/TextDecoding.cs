namespace Alerts.Core.Sources.Feeds;

/// <summary>
/// Turns the bytes of a feed or page into text: byte-order mark, an operator's charset override, the XML declaration,
/// the HTTP charset, and for undeclared documents that are not UTF-8 a guess among the common legacy encodings
/// (Shift_JIS, EUC-JP, GB18030, Big5, windows-1251, windows-1252).
/// </summary>
public static class TextDecoding
{
    private static int _registered;

    /// <summary>Makes the legacy code pages (windows-125x, ISO-8859-x, Shift_JIS, GB18030...) available.</summary>
    public static void EnsureCodePages()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        }
    }

    /// <summary>Looks up an encoding by its IANA name; null when unknown.</summary>
    public static Encoding? Find(string? name)
    {
        EnsureCodePages();
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var n = name.Trim().Trim('"', '\'');
        try
        {
            // Documents labelled ISO-8859-1 are windows-1252 in practice (the WHATWG rule); it is a superset for text.
            if (n.Equals("iso-8859-1", StringComparison.OrdinalIgnoreCase) || n.Equals("latin1", StringComparison.OrdinalIgnoreCase) || n.Equals("us-ascii", StringComparison.OrdinalIgnoreCase))
            {
                return Encoding.GetEncoding(1252);
            }

            return Encoding.GetEncoding(n);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The charset parameter of a Content-Type header, if any.</summary>
    public static string? CharsetOf(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return null;
        }

        var i = contentType.IndexOf("charset=", StringComparison.OrdinalIgnoreCase);
        if (i < 0)
        {
            return null;
        }

        var v = contentType[(i + 8)..];
        var end = v.IndexOf(';', StringComparison.Ordinal);
        return (end < 0 ? v : v[..end]).Trim().Trim('"');
    }

    /// <summary>Decodes an XML document. <paramref name="overrideCharset"/> wins over everything but a byte-order mark.</summary>
    public static string DecodeXml(ReadOnlySpan<byte> bytes, string? httpCharset, string? overrideCharset)
    {
        EnsureCodePages();
        var (bomEncoding, bomLength) = Bom(bytes);
        if (bomEncoding is not null)
        {
            return Decode(bomEncoding, bytes[bomLength..]);
        }

        if (Find(overrideCharset) is { } forced)
        {
            return Decode(forced, bytes);
        }

        if (bytes.Length >= 4 && bytes[0] == '<' && bytes[1] == 0 && bytes[2] != 0)
        {
            return Decode(Encoding.Unicode, bytes);
        }

        if (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == '<')
        {
            return Decode(Encoding.BigEndianUnicode, bytes);
        }

        var declared = Find(DeclaredXmlEncoding(bytes));
        if (declared is not null && declared.CodePage is not (1200 or 1201 or 12000 or 12001))
        {
            return declared.CodePage == 65001 ? Utf8Lenient(bytes) : Decode(declared, bytes);
        }

        if (Find(httpCharset) is { } http && http.CodePage is not (1200 or 1201))
        {
            return http.CodePage == 65001 ? Utf8Lenient(bytes) : Decode(http, bytes);
        }

        return Guess(bytes);
    }

    /// <summary>Decodes an HTML page: BOM, override, HTTP charset, &lt;meta charset&gt;, else a guess.</summary>
    public static string DecodeHtml(ReadOnlySpan<byte> bytes, string? httpCharset, string? overrideCharset)
    {
        EnsureCodePages();
        var (bomEncoding, bomLength) = Bom(bytes);
        if (bomEncoding is not null)
        {
            return Decode(bomEncoding, bytes[bomLength..]);
        }

        var enc = Find(overrideCharset) ?? Find(httpCharset) ?? Find(MetaCharset(bytes));
        if (enc is not null)
        {
            return enc.CodePage == 65001 ? Utf8Lenient(bytes) : Decode(enc, bytes);
        }

        return Guess(bytes);
    }

    private static (Encoding? Encoding, int Length) Bom(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        {
            return (new UTF8Encoding(false, false), 3);
        }

        if (b.Length >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0)
        {
            return (Encoding.UTF32, 4);
        }

        if (b.Length >= 2 && b[0] == 0xFF && b[1] == 0xFE)
        {
            return (Encoding.Unicode, 2);
        }

        if (b.Length >= 2 && b[0] == 0xFE && b[1] == 0xFF)
        {
            return (Encoding.BigEndianUnicode, 2);
        }

        return (null, 0);
    }

    private static string Decode(Encoding encoding, ReadOnlySpan<byte> bytes) => encoding.GetString(bytes);

    private static string Utf8Lenient(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes); // invalid sequences become U+FFFD

    /// <summary>The encoding named in the XML declaration, looked for in the first bytes (after white space or comments).</summary>
    internal static string? DeclaredXmlEncoding(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 1024)];
        var decl = head.IndexOf("<?xml"u8);
        if (decl < 0)
        {
            return null;
        }

        var rest = head[decl..];
        var end = rest.IndexOf("?>"u8);
        if (end < 0)
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(rest[..end]);
        var i = text.IndexOf("encoding", StringComparison.Ordinal);
        if (i < 0)
        {
            return null;
        }

        var eq = text.IndexOf('=', i);
        if (eq < 0)
        {
            return null;
        }

        var v = text[(eq + 1)..].Trim();
        if (v.Length < 2 || (v[0] != '"' && v[0] != '\''))
        {
            return null;
        }

        var close = v.IndexOf(v[0], 1);
        return close < 0 ? null : v[1..close];
    }

    /// <summary>The charset of the first &lt;meta charset&gt; or &lt;meta http-equiv content="...; charset=..."&gt; in the head.</summary>
    private static string? MetaCharset(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 8192)]);
        var at = 0;
        while ((at = head.IndexOf("<meta", at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var close = head.IndexOf('>', at);
            if (close < 0)
            {
                return null;
            }

            var tag = head[at..close];
            at = close;
            var i = tag.IndexOf("charset=", StringComparison.OrdinalIgnoreCase);
            if (i < 0)
            {
                continue;
            }

            var v = tag[(i + 8)..].TrimStart('"', '\'', ' ');
            var end = 0;
            while (end < v.Length && (char.IsAsciiLetterOrDigit(v[end]) || v[end] is '-' or '_' or ':' or '.'))
            {
                end++;
            }

            return end == 0 ? null : v[..end];
        }

        return null;
    }

    /// <summary>An undeclared document: UTF-8 if it is valid UTF-8, else the legacy encoding that decodes it cleanly and most plausibly.</summary>
    private static string Guess(ReadOnlySpan<byte> bytes)
    {
        var strictUtf8 = new UTF8Encoding(false, true);
        try
        {
            return strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
        }

        string? best = null;
        var bestScore = double.MinValue;
        foreach (var codePage in (int[])[932, 51932, 54936, 950, 1251, 1252])
        {
            var strict = Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            string text;
            try
            {
                text = strict.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                continue;
            }

            var score = Plausibility(text, codePage);
            if (score > bestScore)
            {
                bestScore = score;
                best = text;
            }
        }

        return best ?? Encoding.GetEncoding(1252).GetString(bytes);
    }

    /// <summary>Share of the non-ASCII characters that belong to the script the code page is for.</summary>
    private static double Plausibility(string text, int codePage)
    {
        int nonAscii = 0, fitting = 0;
        foreach (var c in text)
        {
            if (c < 0x80)
            {
                continue;
            }

            nonAscii++;
            var fits = codePage switch
            {
                932 or 51932 => c is (>= '\u3040' and <= '\u30FF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\u3000' and <= '\u303F') or (>= '\uFF00' and <= '\uFFEF'),
                54936 or 950 => c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3000' and <= '\u303F') or (>= '\uFF00' and <= '\uFFEF'),
                1251 => c is >= '\u0400' and <= '\u04FF',
                _ => char.IsLetter(c) && c < '\u0250',
            };
            if (fits)
            {
                fitting++;
            }
        }

        if (nonAscii == 0)
        {
            return 0;
        }

        // Japanese kana are decisive for Shift_JIS/EUC-JP; a multi-byte decode that fits also uses fewer characters.
        var bonus = codePage is 932 or 51932 && text.Any(c => c is >= '\u3040' and <= '\u30FF') ? 0.5 : 0;
        var tieBreak = codePage switch { 932 => 0.03, 51932 => 0.02, 54936 => 0.01, _ => 0 };
        return ((double)fitting / nonAscii) + bonus + tieBreak;
    }
}
