namespace Alerts.Core.Watchlists;

/// <summary>
/// Compares names. Per pair of names the best of: a weighted token-set similarity (tokens aligned exactly, by
/// Jaro-Winkler at 0.9 or above, or as the two halves of a joined word; numbers only exactly; weights from
/// <see cref="NameNormalizer.WeightOf"/>), Chinese characters (Dice over character bigrams of the part without legal
/// forms and common words), pinyin against the Latin name's distinctive words, and acronyms. The best pair of a party's
/// names and aliases counts; countries then raise or lower it.
/// </summary>
public sealed class NameMatcher(WatchlistOptions options)
{
    public const double DefaultThreshold = 0.85;

    private const double TokenSimilarityFloor = 0.9;

    /// <summary>Taken from a token score when each name names a different place (Tianjin and Wuxi centres).</summary>
    public const double DifferentPlacePenalty = 0.1;

    public NameMatcher()
        : this(new WatchlistOptions())
    {
    }

    public double Threshold => options.MatchThreshold;

    /// <summary>The best match of two parties at or above the threshold, or null.</summary>
    public NameMatch? Match(PreparedParty watched, PreparedParty listed)
    {
        // Scores alone first (no evidence, no allocation): most candidates of a screening are not matches.
        if (BestPair(watched, listed) is not var (score, w, l) || Math.Round(AdjustForCountry(score, watched, listed).Score, 4) < options.MatchThreshold)
        {
            return null;
        }

        return Explain(watched, listed, w, l);
    }

    /// <summary>The best-scoring pair of names of two parties (with the country adjustment), whatever its score; null when either has no name.</summary>
    public NameMatch? Best(PreparedParty watched, PreparedParty listed) =>
        BestPair(watched, listed) is var (_, w, l) ? Explain(watched, listed, w, l) : null;

    /// <summary>The first pair of names with the highest name score.</summary>
    private static (double Score, NormalizedName Watched, NormalizedName Listed)? BestPair(PreparedParty watched, PreparedParty listed)
    {
        (double, NormalizedName, NormalizedName)? best = null;
        foreach (var w in watched.Names)
        {
            foreach (var l in listed.Names)
            {
                var s = Score(w, l).Score;
                if (best is null || s > best.Value.Item1)
                {
                    best = (s, w, l);
                }
            }
        }

        return best;
    }

    private NameMatch Explain(PreparedParty watched, PreparedParty listed, NormalizedName w, NormalizedName l)
    {
        var best = Compare(w, l);
        var (score, country) = AdjustForCountry(best.Score, watched, listed);
        return new NameMatch(watched.Party.Id, listed.Party.Id, Math.Round(score, 4), Math.Round(best.Score, 4), w.Original, l.Original, best.Tokens, best.Method, country);
    }

    private (double Score, string? Country) AdjustForCountry(double score, PreparedParty a, PreparedParty b)
    {
        var (ca, cb) = (a.CountryCodes, b.CountryCodes);
        if (ca.Count == 0 || cb.Count == 0 || score <= 0)
        {
            return (score, null);
        }

        var shared = ca.FirstOrDefault(c => cb.Contains(c, StringComparer.Ordinal));
        return shared is not null
            ? (Math.Min(1.0, score + options.SameCountryBonus), "same country " + shared.ToUpperInvariant())
            : (Math.Max(0.0, score - options.OtherCountryPenalty), "different countries");
    }

    /// <summary>A country as compared: an ISO code for the common names, else the folded lower-case text.</summary>
    internal static string Country(string c)
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

    private enum Way
    {
        None,
        Tokens,
        Joined,
        Characters,
        Pinyin,
        Acronym,
    }

    /// <summary>Compares two normalised names (no country): the best of tokens, characters, pinyin and acronyms, with the tokens that made it.</summary>
    public static NameScore Compare(NormalizedName a, NormalizedName b)
    {
        var (score, way, swapped) = Score(a, b);
        var (x, y) = swapped ? (b, a) : (a, b);
        return way switch
        {
            Way.Tokens => TokensExplained(a, b),
            Way.Joined => new NameScore(score, [string.Join(' ', a.Tokens) + "=" + string.Join(' ', b.Tokens)], "joined"),
            Way.Characters => new NameScore(score, [string.Concat(a.CjkDistinct.Where(c => b.CjkDistinct.Contains(c, StringComparison.Ordinal)).Distinct())], "characters"),
            Way.Pinyin => new NameScore(score, [$"{x.CjkDistinct}={x.Pinyin}~{y.Latin}"], "pinyin"),
            Way.Acronym => new NameScore(score, [$"{x.Tokens[0]}=initials of '{string.Join(' ', y.Tokens)}'"], "acronym"),
            _ => new NameScore(0, [], "none"),
        };
    }

    /// <summary>The score of <see cref="Compare"/> and which comparison gave it, without building the explanation.</summary>
    private static (double Score, Way Way, bool Swapped) Score(NormalizedName a, NormalizedName b)
    {
        (double Score, Way Way, bool Swapped) best = (0, Way.None, false);
        if (a.Tokens.Count > 0 && b.Tokens.Count > 0)
        {
            best = (Tokens(a, b, null), Way.Tokens, false);
        }

        // "Hai Kang Wei Shi" and "Haikangweishi": the same letters, spaced differently.
        if (best.Score < 1.0 && a.Tokens.Count + b.Tokens.Count > 2 && string.Equals(a.Joined, b.Joined, StringComparison.Ordinal))
        {
            best = (1.0, Way.Joined, false);
        }

        if (a.Cjk.Length > 0 && b.Cjk.Length > 0)
        {
            var c = (0.7 * Dice(a.CjkDistinct, b.CjkDistinct)) + (0.3 * Dice(a.Cjk, b.Cjk));
            if (c > best.Score)
            {
                best = (c, Way.Characters, false);
            }
        }

        for (var k = 0; k < 2; k++)
        {
            var (x, y) = k == 0 ? (a, b) : (b, a);
            if (x.Pinyin is { } py && x.Tokens.Count == 0 && y.Tokens.Count > 0)
            {
                // A transliteration is less certain than the same characters: at most 0.98.
                var s = Math.Min(0.98, JaroWinkler(py, y.Latin));
                if (s > best.Score)
                {
                    best = (s, Way.Pinyin, k == 1);
                }
            }

            // An acronym: one side is a single short word that the other side's initials spell.
            if (x.AcronymLike && y.Tokens.Count >= 2 && best.Score < 0.9 && y.Acronyms.Contains(x.Tokens[0], StringComparer.Ordinal))
            {
                best = (0.9, Way.Acronym, k == 1);
            }
        }

        return best;
    }

    private static NameScore TokensExplained(NormalizedName a, NormalizedName b)
    {
        var evidence = new List<string>();
        var score = Tokens(a, b, evidence);
        return new NameScore(score, evidence, "tokens");
    }

    /// <summary>The tokens of a name as aligned: words, weights, phonetic forms, exact-only and place flags, alignment order.</summary>
    private readonly record struct TokenView(IReadOnlyList<string> Words, IReadOnlyList<double> Weights, string[] Skeletons, byte[][] Letters, byte[][] SkeletonLetters,
        bool[] ExactOnly, bool[] IsPlace, int[] Order)
    {
        public static TokenView Of(NormalizedName n) => new(n.Tokens, n.Weights, n.Skeletons, n.Letters, n.SkeletonLetters, n.ExactOnly, n.IsPlace, n.ByWeight);

        public static TokenView Of(List<string> words, List<double> weights) => new(
            words, weights,
            [.. words.Select(t => t.Length >= 5 ? Skeleton(t) : t)],
            [.. words.Select(LetterCounts)],
            [.. words.Select(t => LetterCounts(t.Length >= 5 ? Skeleton(t) : t))],
            [.. words.Select(t => t.Length < 4 || t.Any(char.IsAsciiDigit))],
            [.. words.Select(NameNormalizer.Places.Contains)],
            [.. Enumerable.Range(0, words.Count).OrderByDescending(i => weights[i])]);
    }

    /// <summary>Weighted token-set similarity; <paramref name="evidence"/>, when given, receives the tokens that made it.</summary>
    private static double Tokens(NormalizedName a, NormalizedName b, List<string>? evidence)
    {
        TokenView va, vb;
        if (NeedsJoin(a, b) || NeedsJoin(b, a))
        {
            var (at, aw) = (a.Tokens.ToList(), a.Weights.ToList());
            var (bt, bw) = (b.Tokens.ToList(), b.Weights.ToList());
            JoinSplitWords(at, aw, bt, evidence);
            JoinSplitWords(bt, bw, at, evidence);
            (va, vb) = (TokenView.Of(at, aw), TokenView.Of(bt, bw));
        }
        else
        {
            (va, vb) = (TokenView.Of(a), TokenView.Of(b));
        }

        var (na, nb) = (va.Words.Count, vb.Words.Count);
        Span<bool> usedA = na <= 64 ? stackalloc bool[na] : new bool[na];
        Span<bool> usedB = nb <= 64 ? stackalloc bool[nb] : new bool[nb];
        double matched = 0;
        foreach (var i in va.Order)
        {
            var bestJ = -1;
            var bestSim = 0.0;
            for (var j = 0; j < nb; j++)
            {
                if (usedB[j])
                {
                    continue;
                }

                var sim = TokenSimilarity(va, i, vb, j);
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
                matched += bestSim * (va.Weights[i] + vb.Weights[bestJ]);
                evidence?.Add(bestSim >= 1.0 ? va.Words[i] : $"{va.Words[i]}~{vb.Words[bestJ]}");
            }
        }

        double total = 0;
        for (var i = 0; i < na; i++)
        {
            total += va.Weights[i];
        }

        for (var j = 0; j < nb; j++)
        {
            total += vb.Weights[j];
        }

        var score = total <= 0 ? 0 : matched / total;

        // Each name carries a place the other lacks: two branches or centres in different cities.
        var placeA = FirstUnusedPlace(va, usedA);
        var placeB = FirstUnusedPlace(vb, usedB);
        if (placeA >= 0 && placeB >= 0)
        {
            score = Math.Max(0, score - DifferentPlacePenalty);
            evidence?.Add($"different places {va.Words[placeA]}/{vb.Words[placeB]}");
        }

        return score;
    }

    private static int FirstUnusedPlace(TokenView v, ReadOnlySpan<bool> used)
    {
        for (var i = 0; i < used.Length; i++)
        {
            if (!used[i] && v.IsPlace[i])
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether two neighbouring tokens of <paramref name="x"/> are one token of <paramref name="y"/> (that does not also carry the first of them).</summary>
    private static bool NeedsJoin(NormalizedName x, NormalizedName y)
    {
        foreach (var pair in x.Pairs)
        {
            if (Contains(y.Tokens, pair))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(IReadOnlyList<string> tokens, string token)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (string.Equals(tokens[i], token, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"hua wei" on one side and "huawei" on the other: the two tokens become one.</summary>
    private static void JoinSplitWords(List<string> tokens, List<double> weights, List<string> other, List<string>? evidence)
    {
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            var joined = tokens[i] + tokens[i + 1];
            if (other.Contains(joined, StringComparer.Ordinal) && !other.Contains(tokens[i], StringComparer.Ordinal))
            {
                evidence?.Add($"{tokens[i]} {tokens[i + 1]}={joined}");
                tokens[i] = joined;
                weights[i] = NameNormalizer.WeightOf(joined);
                tokens.RemoveAt(i + 1);
                weights.RemoveAt(i + 1);
            }
        }
    }

    private static double TokenSimilarity(TokenView a, int i, TokenView b, int j)
    {
        var (x, y) = (a.Words[i], b.Words[j]);
        if (string.Equals(x, y, StringComparison.Ordinal))
        {
            return 1.0;
        }

        if (a.ExactOnly[i] || b.ExactOnly[j])
        {
            return 0.0;
        }

        // An abbreviated word: "info" for "information", "telecom" for "telecommunications".
        var (shorter, longer) = x.Length <= y.Length ? (x, y) : (y, x);
        if (longer.Length >= shorter.Length + 3 && longer.StartsWith(shorter, StringComparison.Ordinal))
        {
            return TokenSimilarityFloor;
        }

        // Jaro-Winkler is computed only where its bound from letter counts can reach the floor (below it, any value scores 0).
        var jw = CanReach(x, y, a.Letters[i], b.Letters[j]) ? JaroWinkler(x, y) : 0.0;
        if (x.Length >= 5 && y.Length >= 5)
        {
            var (sx, sy) = (a.Skeletons[i], b.Skeletons[j]);
            if (!(string.Equals(sx, x, StringComparison.Ordinal) && string.Equals(sy, y, StringComparison.Ordinal)) && CanReach(sx, sy, a.SkeletonLetters[i], b.SkeletonLetters[j]))
            {
                jw = Math.Max(jw, JaroWinkler(sx, sy));
            }
        }

        return jw >= TokenSimilarityFloor ? Math.Min(jw, 0.99) : 0.0;
    }

    /// <summary>
    /// Whether Jaro-Winkler of two words can reach <see cref="TokenSimilarityFloor"/>: the matching characters are at most
    /// the letters they share (counted), transpositions at least none, and the shared prefix is known, so
    /// (m/|s| + m/|t| + 1) / 3 raised by the prefix bounds it from above.
    /// </summary>
    internal static bool CanReach(string s, string t, byte[] cs, byte[] ct)
    {
        var m = 0;
        for (var k = 0; k < cs.Length; k++)
        {
            m += Math.Min(cs[k], ct[k]);
        }

        m = Math.Min(m, Math.Min(s.Length, t.Length));
        if (m == 0)
        {
            return false;
        }

        var jaro = ((m / (double)s.Length) + (m / (double)t.Length) + 1.0) / 3.0;
        var prefix = 0;
        while (prefix < Math.Min(4, Math.Min(s.Length, t.Length)) && s[prefix] == t[prefix])
        {
            prefix++;
        }

        return jaro + (prefix * 0.1 * (1 - jaro)) >= TokenSimilarityFloor - 1e-9;
    }

    /// <summary>How often each letter a to z occurs in a word (at most 255), and every other character in a 27th count.</summary>
    internal static byte[] LetterCounts(string word)
    {
        var counts = new byte[27];
        foreach (var c in word)
        {
            var k = c is >= 'a' and <= 'z' ? c - 'a' : 26;
            if (counts[k] < byte.MaxValue)
            {
                counts[k]++;
            }
        }

        return counts;
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

        // A bigram as one number (a single character when the string has one); each of y's is used once.
        static int Gram(string s, int i) => s.Length == 1 ? s[0] : (s[i] << 16) | s[i + 1];
        var (nx, ny) = (Math.Max(1, x.Length - 1), Math.Max(1, y.Length - 1));
        Span<int> pool = ny <= 128 ? stackalloc int[ny] : new int[ny];
        for (var j = 0; j < ny; j++)
        {
            pool[j] = Gram(y, j);
        }

        var (hits, left) = (0, ny);
        for (var i = 0; i < nx; i++)
        {
            var k = pool[..left].IndexOf(Gram(x, i));
            if (k >= 0)
            {
                hits++;
                pool[(k + 1)..left].CopyTo(pool[k..]);
                left--;
            }
        }

        return 2.0 * hits / (nx + ny);
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
