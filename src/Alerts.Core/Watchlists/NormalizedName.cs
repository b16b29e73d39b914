namespace Alerts.Core.Watchlists;

/// <summary>
/// A name reduced to what matching compares: Latin tokens without legal-form words (with a weight each: common words
/// such as "technology" or "shenzhen" weigh little), the Chinese/Japanese characters without legal-form suffixes, their
/// pinyin where every distinctive character is known, and the name's acronyms.
/// </summary>
public sealed record NormalizedName(
    string Original,
    IReadOnlyList<string> Tokens,
    IReadOnlyList<double> Weights,
    string Cjk,
    string CjkDistinct,
    string? Pinyin,
    IReadOnlyList<string> Acronyms)
{
    public double TotalWeight { get; } = Weights.Sum();

    public bool IsEmpty => Tokens.Count == 0 && Cjk.Length == 0;

    // Worked out once per name, not once per comparison (a whole-list screening compares each name thousands of times).

    /// <summary>The tokens joined without spaces ("hai kang wei shi" is "haikangweishi").</summary>
    internal string Joined { get; } = string.Concat(Tokens);

    /// <summary>Per token: its rough phonetic form (<see cref="NameMatcher.Skeleton"/>), for tokens of five letters or more.</summary>
    internal string[] Skeletons { get; } = [.. Tokens.Select(t => t.Length >= 5 ? NameMatcher.Skeleton(t) : t)];

    /// <summary>Per token and per phonetic form: its letter counts (<see cref="NameMatcher.LetterCounts"/>), for a cheap bound on Jaro-Winkler.</summary>
    internal byte[][] Letters { get; } = [.. Tokens.Select(NameMatcher.LetterCounts)];

    internal byte[][] SkeletonLetters { get; } = [.. Tokens.Select(t => NameMatcher.LetterCounts(t.Length >= 5 ? NameMatcher.Skeleton(t) : t))];

    /// <summary>Per token: it is compared only exactly (under four letters, or with a digit).</summary>
    internal bool[] ExactOnly { get; } = [.. Tokens.Select(t => t.Length < 4 || t.Any(char.IsAsciiDigit))];

    /// <summary>Per token: it is a place (<see cref="NameNormalizer.Places"/>).</summary>
    internal bool[] IsPlace { get; } = [.. Tokens.Select(NameNormalizer.Places.Contains)];

    /// <summary>Token indexes by weight, heaviest first (stable), the order tokens are aligned in.</summary>
    internal int[] ByWeight { get; } = [.. Enumerable.Range(0, Tokens.Count).OrderByDescending(i => Weights[i])];

    /// <summary>Each two neighbouring tokens joined ("hua wei" is "huawei"), at the first one's index.</summary>
    internal string[] Pairs { get; } = [.. Enumerable.Range(0, Math.Max(0, Tokens.Count - 1)).Select(i => Tokens[i] + Tokens[i + 1])];

    /// <summary>The Latin side of a pinyin comparison: the distinctive words joined (all words when none is distinctive).</summary>
    internal string Latin { get; } = string.Concat(Tokens.Where((t, i) => Weights[i] >= 1.0)) is { Length: > 0 } d ? d : string.Concat(Tokens);

    /// <summary>A one-word name that could be an acronym (two to eight letters, no digit).</summary>
    internal bool AcronymLike { get; } = Tokens.Count == 1 && Tokens[0].Length is >= 2 and <= 8 && !Tokens[0].Any(char.IsAsciiDigit);
}
