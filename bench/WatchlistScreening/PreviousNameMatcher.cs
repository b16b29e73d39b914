using Alerts.Core.Watchlists;

namespace WatchlistScreeningBench;

/// <summary>
/// The name matcher as it was before whole-list screening was made fast (allocating comparisons, no score-only pass),
/// kept here only as the baseline of this benchmark. Per pair of names the best of: a weighted token-set similarity (tokens aligned exactly, by
/// Jaro-Winkler at 0.9 or above, or as the two halves of a joined word; numbers only exactly; weights from
/// <see cref="NameNormalizer.WeightOf"/>), Chinese characters (Dice over character bigrams of the part without legal
/// forms and common words), pinyin against the Latin name's distinctive words, and acronyms. The best pair of a party's
/// names and aliases counts; countries then raise or lower it.
/// </summary>
internal sealed class PreviousNameMatcher(WatchlistOptions options)
{
    public const double DefaultThreshold = 0.85;

    private const double TokenSimilarityFloor = 0.9;

    /// <summary>Taken from a token score when each name names a different place (Tianjin and Wuxi centres).</summary>
    public const double DifferentPlacePenalty = 0.1;

    public PreviousNameMatcher()
        : this(new WatchlistOptions())
    {
    }

    public double Threshold => options.MatchThreshold;

    /// <summary>The best match of two parties at or above the threshold, or null.</summary>
    public NameMatch? Match(PreparedParty watched, PreparedParty listed)
    {
        var best = Best(watched, listed);
        return best is not null && best.Score >= options.MatchThreshold ? best : null;
    }

    /// <summary>The best-scoring pair of names of two parties (with the country adjustment), whatever its score; null when either has no name.</summary>
    public NameMatch? Best(PreparedParty watched, PreparedParty listed)
    {
        NameScore? best = null;
        NormalizedName? bw = null, bl = null;
        foreach (var w in watched.Names)
        {
            foreach (var l in listed.Names)
            {
                var s = Compare(w, l);
                if (best is null || s.Score > best.Score)
                {
                    (best, bw, bl) = (s, w, l);
                }
            }
        }

        if (best is null)
        {
            return null;
        }

        var (score, country) = AdjustForCountry(best.Score, watched.Party.Countries, listed.Party.Countries);
        return new NameMatch(watched.Party.Id, listed.Party.Id, Math.Round(score, 4), Math.Round(best.Score, 4), bw!.Original, bl!.Original, best.Tokens, best.Method, country);
    }

    private (double Score, string? Country) AdjustForCountry(double score, IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var ca = a.Select(Country).Where(c => c.Length > 0).ToHashSet(StringComparer.Ordinal);
        var cb = b.Select(Country).Where(c => c.Length > 0).ToHashSet(StringComparer.Ordinal);
        if (ca.Count == 0 || cb.Count == 0 || score <= 0)
        {
            return (score, null);
        }

        var shared = ca.Intersect(cb, StringComparer.Ordinal).FirstOrDefault();
        return shared is not null
            ? (Math.Min(1.0, score + options.SameCountryBonus), "same country " + shared.ToUpperInvariant())
            : (Math.Max(0.0, score - options.OtherCountryPenalty), "different countries");
    }

    private static string Country(string c)
    {
        var t = NameNormalizer.FoldAccents(c.Trim()).ToLowerInvariant();
        return t switch
        {
            "china" or "prc" or "people's republic of china" or "peoples republic of china" => "cn",
            "hong kong" => "hk",
            "russia" or "russian federation" => "ru",
            "iran" => "ir",
            "united states" or "usa" or "united states of america" => "us",
            "united arab emirates" => "ae",
            "taiwan" => "tw",
            "singapore" => "sg",
            "japan" => "jp",
            "germany" => "de",
            "united kingdom" or "uk" => "gb",
            "turkey" or "turkiye" => "tr",
            "pakistan" => "pk",
            "india" => "in",
            "netherlands" => "nl",
            "korea" or "south korea" => "kr",
            "north korea" => "kp",
            "belarus" => "by",
            _ => t,
        };
    }

    /// <summary>Compares two normalised names (no country): the best of tokens, characters, pinyin and acronyms.</summary>
    public static NameScore Compare(NormalizedName a, NormalizedName b)
    {
        var best = new NameScore(0, [], "none");
        if (a.Tokens.Count > 0 && b.Tokens.Count > 0)
        {
            best = Tokens(a, b);
        }

        // "Hai Kang Wei Shi" and "Haikangweishi": the same letters, spaced differently.
        if (best.Score < 1.0 && a.Tokens.Count + b.Tokens.Count > 2 && string.Equals(string.Concat(a.Tokens), string.Concat(b.Tokens), StringComparison.Ordinal))
        {
            best = new NameScore(1.0, [string.Join(' ', a.Tokens) + "=" + string.Join(' ', b.Tokens)], "joined");
        }

        if (a.Cjk.Length > 0 && b.Cjk.Length > 0)
        {
            var c = Characters(a, b);
            if (c.Score > best.Score)
            {
                best = c;
            }
        }

        foreach (var (x, y) in new[] { (a, b), (b, a) })
        {
            if (x.Pinyin is { } py && x.Tokens.Count == 0 && y.Tokens.Count > 0)
            {
                var latin = string.Concat(y.Tokens.Where((t, i) => y.Weights[i] >= 1.0));
                if (latin.Length == 0)
                {
                    latin = string.Concat(y.Tokens);
                }

                // A transliteration is less certain than the same characters: at most 0.98.
                var s = Math.Min(0.98, JaroWinkler(py, latin));
                if (s > best.Score)
                {
                    best = new NameScore(s, [$"{x.CjkDistinct}={py}~{latin}"], "pinyin");
                }
            }

            // An acronym: one side is a single short word that the other side's initials spell.
            if (x.Tokens.Count == 1 && x.Tokens[0].Length is >= 2 and <= 8 && !x.Tokens[0].Any(char.IsAsciiDigit) && y.Tokens.Count >= 2
                && y.Acronyms.Contains(x.Tokens[0], StringComparer.Ordinal) && best.Score < 0.9)
            {
                best = new NameScore(0.9, [$"{x.Tokens[0]}=initials of '{string.Join(' ', y.Tokens)}'"], "acronym");
            }
        }

        return best;
    }

    private static NameScore Tokens(NormalizedName a, NormalizedName b)
    {
        var (at, aw) = (a.Tokens.ToList(), a.Weights.ToList());
        var (bt, bw) = (b.Tokens.ToList(), b.Weights.ToList());
        var evidence = new List<string>();
        JoinSplitWords(at, aw, bt, evidence);
        JoinSplitWords(bt, bw, at, evidence);

        var usedA = new bool[at.Count];
        var usedB = new bool[bt.Count];
        double matched = 0;
        var order = Enumerable.Range(0, at.Count).OrderByDescending(i => aw[i]).ToList();
        foreach (var i in order)
        {
            var bestJ = -1;
            var bestSim = 0.0;
            for (var j = 0; j < bt.Count; j++)
            {
                if (usedB[j])
                {
                    continue;
                }

                var sim = TokenSimilarity(at[i], bt[j]);
                if (sim > bestSim)
                {
                    (bestJ, bestSim) = (j, sim);
                    if (sim >= 1.0)
                    {
                        break;
                    }
                }
            }

            if (bestJ >= 0)
            {
                usedB[bestJ] = true;
                usedA[i] = true;
                matched += bestSim * (aw[i] + bw[bestJ]);
                evidence.Add(bestSim >= 1.0 ? at[i] : $"{at[i]}~{bt[bestJ]}");
            }
        }

        var total = aw.Sum() + bw.Sum();
        var score = total <= 0 ? 0 : matched / total;

        // Each name carries a place the other lacks: two branches or centres in different cities.
        var placeA = at.Where((t, i) => !usedA[i] && NameNormalizer.Places.Contains(t)).FirstOrDefault();
        var placeB = bt.Where((t, j) => !usedB[j] && NameNormalizer.Places.Contains(t)).FirstOrDefault();
        if (placeA is not null && placeB is not null)
        {
            score = Math.Max(0, score - DifferentPlacePenalty);
            evidence.Add($"different places {placeA}/{placeB}");
        }

        return new NameScore(score, evidence, "tokens");
    }

    /// <summary>"hua wei" on one side and "huawei" on the other: the two tokens become one.</summary>
    private static void JoinSplitWords(List<string> tokens, List<double> weights, List<string> other, List<string> evidence)
    {
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            var joined = tokens[i] + tokens[i + 1];
            if (other.Contains(joined, StringComparer.Ordinal) && !other.Contains(tokens[i], StringComparer.Ordinal))
            {
                evidence.Add($"{tokens[i]} {tokens[i + 1]}={joined}");
                tokens[i] = joined;
                weights[i] = NameNormalizer.WeightOf(joined);
                tokens.RemoveAt(i + 1);
                weights.RemoveAt(i + 1);
            }
        }
    }

    private static double TokenSimilarity(string x, string y)
    {
        if (string.Equals(x, y, StringComparison.Ordinal))
        {
            return 1.0;
        }

        if (x.Length < 4 || y.Length < 4 || x.Any(char.IsAsciiDigit) || y.Any(char.IsAsciiDigit))
        {
            return 0.0;
        }

        // An abbreviated word: "info" for "information", "telecom" for "telecommunications".
        var (shorter, longer) = x.Length <= y.Length ? (x, y) : (y, x);
        if (longer.Length >= shorter.Length + 3 && longer.StartsWith(shorter, StringComparison.Ordinal))
        {
            return TokenSimilarityFloor;
        }

        var jw = x.Length >= 5 && y.Length >= 5 ? Math.Max(JaroWinkler(x, y), JaroWinkler(Skeleton(x), Skeleton(y))) : JaroWinkler(x, y);
        return jw >= TokenSimilarityFloor ? Math.Min(jw, 0.99) : 0.0;
    }

    /// <summary>A rough phonetic form for transliterations: Aleksey and Alexei, Yuriy and Yury, Sukhoi and Sukhoy.</summary>
    public static string Skeleton(string token)
    {
        var s = token.Replace("x", "ks", StringComparison.Ordinal).Replace("ck", "k", StringComparison.Ordinal).Replace("q", "k", StringComparison.Ordinal)
            .Replace("ph", "f", StringComparison.Ordinal).Replace("kh", "h", StringComparison.Ordinal).Replace("y", "i", StringComparison.Ordinal)
            .Replace("w", "v", StringComparison.Ordinal).Replace("ou", "u", StringComparison.Ordinal);
        var sb = new System.Text.StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (sb.Length == 0 || sb[^1] != c)
            {
                sb.Append(c);
            }
        }

        var r = sb.ToString();
        return r.EndsWith("ii", StringComparison.Ordinal) ? r[..^1] : r;
    }

    private static NameScore Characters(NormalizedName a, NormalizedName b)
    {
        var full = Dice(a.Cjk, b.Cjk);
        var distinct = Dice(a.CjkDistinct, b.CjkDistinct);
        var score = (0.7 * distinct) + (0.3 * full);
        var shared = a.CjkDistinct.Where(c => b.CjkDistinct.Contains(c, StringComparison.Ordinal)).Distinct();
        return new NameScore(score, [string.Concat(shared)], "characters");
    }

    /// <summary>Dice coefficient over character bigrams (single characters for one-character strings).</summary>
    public static double Dice(string x, string y)
    {
        if (x.Length == 0 || y.Length == 0)
        {
            return 0;
        }

        if (string.Equals(x, y, StringComparison.Ordinal))
        {
            return 1;
        }

        static List<string> Grams(string s) => s.Length == 1 ? [s] : [.. Enumerable.Range(0, s.Length - 1).Select(i => s.Substring(i, 2))];
        var gx = Grams(x);
        var gy = Grams(y);
        var pool = gy.ToList();
        var hits = 0;
        foreach (var g in gx)
        {
            var k = pool.IndexOf(g);
            if (k >= 0)
            {
                hits++;
                pool.RemoveAt(k);
            }
        }

        return 2.0 * hits / (gx.Count + gy.Count);
    }

    /// <summary>Jaro-Winkler similarity (prefix scale 0.1, up to 4 characters).</summary>
    public static double JaroWinkler(string s, string t)
    {
        if (s.Length == 0 || t.Length == 0)
        {
            return 0;
        }

        if (string.Equals(s, t, StringComparison.Ordinal))
        {
            return 1;
        }

        var range = Math.Max(0, (Math.Max(s.Length, t.Length) / 2) - 1);
        Span<bool> sm = s.Length <= 256 ? stackalloc bool[s.Length] : new bool[s.Length];
        Span<bool> tm = t.Length <= 256 ? stackalloc bool[t.Length] : new bool[t.Length];
        var matches = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var lo = Math.Max(0, i - range);
            var hi = Math.Min(t.Length - 1, i + range);
            for (var j = lo; j <= hi; j++)
            {
                if (!tm[j] && s[i] == t[j])
                {
                    sm[i] = tm[j] = true;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0;
        }

        var transpositions = 0;
        var k = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (!sm[i])
            {
                continue;
            }

            while (!tm[k])
            {
                k++;
            }

            if (s[i] != t[k])
            {
                transpositions++;
            }

            k++;
        }

        var m = (double)matches;
        var jaro = ((m / s.Length) + (m / t.Length) + ((m - (transpositions / 2.0)) / m)) / 3.0;
        var prefix = 0;
        while (prefix < Math.Min(4, Math.Min(s.Length, t.Length)) && s[prefix] == t[prefix])
        {
            prefix++;
        }

        return jaro + (prefix * 0.1 * (1 - jaro));
    }
}
