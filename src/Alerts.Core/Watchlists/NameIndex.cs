namespace Alerts.Core.Watchlists;

/// <summary>
/// Parties indexed for screening: only parties that share a blocking key with the probe are scored (a distinctive
/// word's first and last three letters, a short word, an acronym, a pair of Chinese characters, the start of a pinyin
/// form). A probe of 50 listed entries against 10,000 watched ones scores a few hundred pairs, not 500,000.
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

    /// <summary>Every indexed party that matches the probe at or above the threshold, best first.</summary>
    public List<NameMatch> Screen(PreparedParty probe, bool probeIsWatched = false)
    {
        var candidates = new HashSet<int>();
        foreach (var key in probe.Names.SelectMany(Keys))
        {
            if (_keys.TryGetValue(key, out var list))
            {
                candidates.UnionWith(list);
            }
        }

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
