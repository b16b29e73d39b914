namespace Alerts.Core.Sources.Feeds;

/// <summary>
/// What the feed reader does to a document before and after a strict read fails: the prolog trimmed, the first element
/// found, and the lenient path's repairs.
/// </summary>
internal static partial class FeedRepair
{
    /// <summary>Index of the first element start tag (not a comment, declaration or processing instruction).</summary>
    internal static int FirstElement(string text)
    {
        var i = 0;
        while ((i = text.IndexOf('<', i)) >= 0)
        {
            if (i + 1 < text.Length && (char.IsLetter(text[i + 1]) || text[i + 1] == '_'))
            {
                return i;
            }

            if (string.CompareOrdinal(text, i, "<!--", 0, 4) == 0)
            {
                var end = text.IndexOf("-->", i + 4, StringComparison.Ordinal);
                if (end < 0)
                {
                    return -1;
                }

                i = end + 3;
                continue;
            }

            i++;
        }

        return -1;
    }

    /// <summary>A BOM, white space before the XML declaration, or a declaration after comments: removed.</summary>
    internal static string TrimProlog(string text)
    {
        var start = 0;
        while (start < text.Length && (char.IsWhiteSpace(text[start]) || text[start] == '\uFEFF'))
        {
            start++;
        }

        if (start > 0)
        {
            text = text[start..];
        }

        if (!text.StartsWith("<?xml", StringComparison.Ordinal))
        {
            var root = FirstElement(text);
            var decl = text.IndexOf("<?xml", StringComparison.Ordinal);
            if (decl > 0 && (root < 0 || decl < root) && decl + 5 < text.Length && char.IsWhiteSpace(text[decl + 5]))
            {
                var end = text.IndexOf("?>", decl, StringComparison.Ordinal);
                if (end > 0)
                {
                    text = string.Concat(text.AsSpan(0, decl), text.AsSpan(end + 2));
                }
            }
        }

        return text;
    }

    /// <summary>
    /// The lenient path's repairs: bare ampersands escaped, HTML named entities turned into characters, characters XML
    /// forbids removed, and namespace prefixes used without a declaration declared on the root element.
    /// </summary>
    internal static string Repair(string text)
    {
        var s = AmpersandPattern().Replace(text, m =>
        {
            var name = m.Groups["name"].Value;
            if (name.Length == 0)
            {
                return "&amp;";
            }

            if (name is "amp" or "lt" or "gt" or "quot" or "apos")
            {
                return m.Value;
            }

            var decoded = WebUtility.HtmlDecode(m.Value);
            if (decoded == m.Value)
            {
                return "&amp;" + name + ";";
            }

            var sb = new StringBuilder();
            foreach (var rune in decoded.EnumerateRunes())
            {
                sb.Append("&#").Append(rune.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(';');
            }

            return sb.ToString();
        });

        var clean = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c is '\t' or '\n' or '\r' || (c >= ' ' && c != '\uFFFE' && c != '\uFFFF'))
            {
                clean.Append(c);
            }
        }

        s = clean.ToString();
        var declared = new HashSet<string>(StringComparer.Ordinal) { "xml", "xmlns" };
        foreach (Match m in DeclaredPrefixPattern().Matches(s))
        {
            declared.Add(m.Groups[1].Value);
        }

        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in UsedPrefixPattern().Matches(s))
        {
            if (!declared.Contains(m.Groups[1].Value))
            {
                missing.Add(m.Groups[1].Value);
            }
        }

        var root = FirstElement(s);
        if (missing.Count > 0 && root >= 0)
        {
            var nameEnd = root + 1;
            while (nameEnd < s.Length && !char.IsWhiteSpace(s[nameEnd]) && s[nameEnd] is not ('>' or '/'))
            {
                nameEnd++;
            }

            var decls = string.Concat(missing.Select(p => $" xmlns:{p}=\"urn:x-undeclared:{p}\""));
            s = string.Concat(s.AsSpan(0, nameEnd), decls, s.AsSpan(nameEnd));
        }

        return s;
    }

    [GeneratedRegex(@"&(?:(?<name>[A-Za-z][A-Za-z0-9]{0,31});|#[0-9]{1,7};|#x[0-9A-Fa-f]{1,6};)?", RegexOptions.CultureInvariant)]
    private static partial Regex AmpersandPattern();

    [GeneratedRegex(@"xmlns:([A-Za-z_][\w.\-]*)\s*=", RegexOptions.CultureInvariant)]
    private static partial Regex DeclaredPrefixPattern();

    [GeneratedRegex(@"</?([A-Za-z_][\w.\-]*):[A-Za-z_]", RegexOptions.CultureInvariant)]
    private static partial Regex UsedPrefixPattern();
}
