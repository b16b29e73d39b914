namespace Alerts.Core.Watchlists;

/// <summary>
/// Finds watched products in the text of a change (eCFR section text before and after, tariff lines, Federal Register
/// documents): ECCNs at paragraph boundaries (3A090 finds 3A090.a.1 and 3A090; 3A090.a finds 3A090.a.2 and a change to
/// 3A090 itself, not 3A090.b), HTS codes by prefix on whole digit groups (8542.31 finds 8542.31.00.01 and 85423100, not
/// 8542.39), and free terms as whole words, case-insensitively.
/// </summary>
public static partial class ProductMatcher
{
    /// <summary>"3a090.A" is "3A090.a": the category letter upper case, paragraphs lower case.</summary>
    public static string NormalizeEccn(string eccn)
    {
        var parts = eccn.Trim().Split('.');
        parts[0] = parts[0].ToUpperInvariant();
        for (var i = 1; i < parts.Length; i++)
        {
            parts[i] = parts[i].ToLowerInvariant();
        }

        return string.Join('.', parts);
    }

    /// <summary>Every watched product the text mentions.</summary>
    public static List<ProductHit> Find(string text, IEnumerable<WatchlistEntry> products)
    {
        var hits = new List<ProductHit>();
        if (string.IsNullOrEmpty(text))
        {
            return hits;
        }

        List<string>? eccns = null;
        List<string>? hts = null;
        foreach (var p in products)
        {
            switch (p.Type)
            {
                case EntryTypes.Eccn:
                    eccns ??= [.. EccnInText().Matches(text).Select(m => NormalizeEccn(m.Value)).Distinct(StringComparer.Ordinal)];
                    if (eccns.FirstOrDefault(e => EccnCovers(p.Value, e)) is { } found)
                    {
                        hits.Add(new ProductHit(p, found, found == p.Value ? "ECCN" : "ECCN paragraph"));
                    }

                    break;
                case EntryTypes.Hts:
                    hts ??= [.. HtsInText().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal)];
                    var digits = p.Value.Replace(".", "", StringComparison.Ordinal);
                    if (hts.FirstOrDefault(h => h.Replace(".", "", StringComparison.Ordinal).StartsWith(digits, StringComparison.Ordinal)) is { } line)
                    {
                        hits.Add(new ProductHit(p, line, "HTS prefix"));
                    }

                    break;
                case EntryTypes.Term:
                    var at = IndexOfWord(text, p.Value);
                    if (at >= 0)
                    {
                        hits.Add(new ProductHit(p, text.Substring(at, p.Value.Length), "term"));
                    }

                    break;
            }
        }

        return hits;
    }

    /// <summary>True when the watched ECCN and the one in the text are the same item or one is a paragraph of the other.</summary>
    public static bool EccnCovers(string watched, string inText) =>
        string.Equals(watched, inText, StringComparison.Ordinal)
        || inText.StartsWith(watched + ".", StringComparison.Ordinal)
        || watched.StartsWith(inText + ".", StringComparison.Ordinal);

    private static int IndexOfWord(string text, string term)
    {
        var from = 0;
        while (from < text.Length)
        {
            var i = text.IndexOf(term, from, StringComparison.OrdinalIgnoreCase);
            if (i < 0)
            {
                return -1;
            }

            var before = i == 0 || !char.IsLetterOrDigit(text[i - 1]);
            var after = i + term.Length >= text.Length || !char.IsLetterOrDigit(text[i + term.Length]);
            if (before && after)
            {
                return i;
            }

            from = i + 1;
        }

        return -1;
    }

    [GeneratedRegex(@"(?<![0-9A-Za-z])[0-9][A-E][0-9]{3}(?:\.[a-z0-9]{1,3})*(?![0-9A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex EccnInText();

    [GeneratedRegex(@"(?<![0-9.])[0-9]{4}(?:\.[0-9]{2}){0,4}(?![0-9])|(?<![0-9.])[0-9]{8,10}(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex HtsInText();
}
