namespace Alerts.Core.Watchlists;

/// <summary>
/// Parties indexed for screening (an inverted index from blocking keys to parties, built once per watchlist version):
/// only parties that share a blocking key with the probe are scored (a distinctive word, its first four and last three
/// letters, a short word, an acronym, a pair of Chinese characters, the start of a pinyin form). Keys shared by many
/// parties (more than <see cref="CommonKeyLimit"/>: a common ending, a name that starts with a city) would let hundreds
/// of candidates through, so a probe name that has a rarer key finds its candidates by its rare keys only; a name with
/// none but common keys still uses them. A probe of 50 listed entries against 10,000 watched ones scores a few dozen
/// pairs per entry, not 500,000.
/// </summary>
public sealed class NameIndex
{
    private readonly Dictionary<string, List<int>> _keys = new(StringComparer.Ordinal);
    private readonly List<PreparedParty> _parties = [];
    private readonly NameMatcher _matcher;

    public NameIndex(NameMatcher matcher, IEnumerable<PreparedParty> parties)
    {
        _matcher = matcher;
        foreach (var p in parties)
        {
            var n = _parties.Count;
            _parties.Add(p);
            foreach (var key in p.Names.SelectMany(Keys).Distinct(StringComparer.Ordinal))
            {
                if (!_keys.TryGetValue(key, out var list))
                {
                    _keys[key] = list = [];
                }

                list.Add(n);
            }
        }
    }

    public int Count => _parties.Count;

    /// <summary>A key is common when more parties than this share it: at least 64, else 1 % of the index.</summary>
    public int CommonKeyLimit => Math.Max(64, _parties.Count / 100);

    /// <summary>The parties a probe is scored against: per probe name, those sharing one of its rare keys (or, when it has none, any key).</summary>
    public HashSet<int> Candidates(PreparedParty probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var candidates = new HashSet<int>();
        var limit = CommonKeyLimit;
        var common = new List<List<int>>();
        foreach (var name in probe.Names)
        {
            common.Clear();
            var rare = false;
            foreach (var key in Keys(name))
            {
                if (!_keys.TryGetValue(key, out var list))
                {
                    continue;
                }

                if (list.Count <= limit)
                {
                    candidates.UnionWith(list);
                    rare = true;
                }
                else
                {
                    common.Add(list);
                }
            }

            if (!rare)
            {
                foreach (var list in common)
                {
                    candidates.UnionWith(list);
                }
            }
        }

        return candidates;
    }

    /// <summary>Every indexed party that matches the probe at or above the threshold, best first.</summary>
    public List<NameMatch> Screen(PreparedParty probe, bool probeIsWatched = false)
    {
        var candidates = Candidates(probe);

        var matches = new List<NameMatch>();
        foreach (var i in candidates)
        {
            var m = probeIsWatched ? _matcher.Match(probe, _parties[i]) : _matcher.Match(_parties[i], probe);
            if (m is not null)
            {
                matches.Add(m);
            }
        }

        return [.. matches.OrderByDescending(m => m.Score)];
    }

    /// <summary>The blocking keys of a name.</summary>
    public static IEnumerable<string> Keys(NormalizedName name)
    {
        var distinctive = name.Tokens.Where((t, i) => name.Weights[i] >= 1.0).ToList();
        var tokens = distinctive.Count > 0 ? distinctive : [.. name.Tokens];
        foreach (var t in tokens)
        {
            yield return "w:" + t;
            if (t.Length > 4)
            {
                yield return Prefix(t);
                yield return "s:" + t[^3..];
            }
        }

        // A word split in two on one side ("hua wei") is one word on the other.
        for (var i = 0; i + 1 < name.Tokens.Count; i++)
        {
            var joined = name.Tokens[i] + name.Tokens[i + 1];
            yield return Prefix(joined);
        }

        if (name.Tokens.Count > 2)
        {
            yield return Prefix(string.Concat(name.Tokens));
        }

        foreach (var a in name.Acronyms)
        {
            yield return "w:" + a;
        }

        for (var i = 0; i + 1 < name.CjkDistinct.Length; i++)
        {
            yield return string.Concat("c:", name.CjkDistinct.AsSpan(i, 2));
        }

        if (name.CjkDistinct.Length == 1)
        {
            yield return "c:" + name.CjkDistinct;
        }

        if (name.Pinyin is { Length: >= 3 } py)
        {
            yield return Prefix(py);
        }

        // The Latin side of a pinyin comparison: its distinctive words joined.
        if (distinctive.Count > 1)
        {
            yield return Prefix(string.Concat(distinctive));
        }
    }

    /// <summary>The first four letters of a word: a fuzzy match (Jaro-Winkler 0.9, which rewards a shared start) mostly keeps them; the last three letters catch the rest.</summary>
    private static string Prefix(string word) => word.Length <= 4 ? "w:" + word : "p:" + word[..4];
}
