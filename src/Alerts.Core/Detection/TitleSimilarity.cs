namespace Alerts.Core.Detection;

/// <summary>Normalized token-set similarity of titles (Dice coefficient over tokens; CJK as character bigrams).</summary>
public static partial class TitleSimilarity
{
    /// <summary>Similarity from which two titles are the same story.</summary>
    public const double Threshold = 0.6;

    /// <summary>Tokens two titles must share at least.</summary>
    public const int MinShared = 3;

    private static readonly HashSet<string> Stopwords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "as", "at", "by", "with", "from", "into", "its", "it",
        "is", "are", "be", "was", "were", "will", "new", "says", "said", "say", "after", "over", "amid", "this", "that", "more",
        "than", "about", "de", "het", "een", "van", "en", "op", "voor", "met",
    };

    public static HashSet<string> Tokens(string title)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var text = Normalize.Text(title).ToLowerInvariant();
        foreach (Match m in Word().Matches(text))
        {
            var w = m.Value;
            if (TermMatcher.HasCjk(w))
            {
                for (var i = 0; i + 1 < w.Length; i++)
                {
                    tokens.Add(w.Substring(i, 2));
                }

                if (w.Length == 1)
                {
                    tokens.Add(w);
                }

                continue;
            }

            w = w.Replace("'s", "", StringComparison.Ordinal).Replace("’s", "", StringComparison.Ordinal).Trim('\'', '’');
            if (w.Length < 2 || Stopwords.Contains(w))
            {
                continue;
            }

            tokens.Add(Stem(w));
        }

        return tokens;
    }

    public static double Similarity(string a, string b) => Similarity(Tokens(a), Tokens(b));

    public static double Similarity(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var shared = a.Count(b.Contains);
        return shared < Math.Min(MinShared, Math.Min(a.Count, b.Count)) ? 0 : 2.0 * shared / (a.Count + b.Count);
    }

    private static string Stem(string w) =>
        w.Length > 4 && w.EndsWith("ies", StringComparison.Ordinal) ? w[..^3] + "y"
        : w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) ? w[..^1]
        : w;

    [GeneratedRegex(@"[\p{L}\p{N}'’]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
