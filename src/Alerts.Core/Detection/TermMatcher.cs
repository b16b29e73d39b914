namespace Alerts.Core.Detection;

/// <summary>
/// All terms of the dictionary in one Aho-Corasick automaton over lower-cased text: one pass over a text finds every
/// term, whatever their number; each candidate is then checked for its kind's boundaries and case.
/// </summary>
public sealed class TermMatcher
{
    private readonly int[] _root = new int[char.MaxValue + 1];
    private readonly List<Dictionary<char, int>> _next = [];
    private readonly List<int> _fail = [];
    private readonly List<int[]> _out = [];
    private readonly List<string> _patterns = [];
    private readonly List<List<CompiledTerm>> _patternTerms = [];

    public TermMatcher(IEnumerable<CompiledTerm> terms)
    {
        Terms = [.. terms];
        var patternIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var outs = new List<List<int>> { new() };
        _next.Add([]);
        _fail.Add(0);
        foreach (var t in Terms)
        {
            var pattern = t.Term.ToLowerInvariant();
            if (pattern.Length == 0)
            {
                continue;
            }

            if (!patternIds.TryGetValue(pattern, out var pid))
            {
                pid = _patterns.Count;
                patternIds[pattern] = pid;
                _patterns.Add(pattern);
                _patternTerms.Add([]);
                var node = 0;
                foreach (var c in pattern)
                {
                    if (!_next[node].TryGetValue(c, out var child))
                    {
                        child = _next.Count;
                        _next.Add([]);
                        _fail.Add(0);
                        outs.Add([]);
                        _next[node][c] = child;
                    }

                    node = child;
                }

                outs[node].Add(pid);
            }

            _patternTerms[pid].Add(t);
        }

        // Breadth-first failure links; outputs include those of the failure chain.
        var queue = new Queue<int>();
        foreach (var (c, child) in _next[0])
        {
            _fail[child] = 0;
            queue.Enqueue(child);
        }

        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var (c, child) in _next[node])
            {
                var f = _fail[node];
                while (f != 0 && !_next[f].ContainsKey(c))
                {
                    f = _fail[f];
                }

                _fail[child] = _next[f].TryGetValue(c, out var g) && g != child ? g : 0;
                outs[child].AddRange(outs[_fail[child]]);
                queue.Enqueue(child);
            }
        }

        foreach (var o in outs)
        {
            _out.Add([.. o.Distinct()]);
        }

        foreach (var (c, child) in _next[0])
        {
            _root[c] = child;
        }
    }

    public IReadOnlyList<CompiledTerm> Terms { get; }

    /// <summary>Number of states (for diagnostics).</summary>
    public int States => _next.Count;

    /// <summary>Every hit in <paramref name="text"/>, in order of end position.</summary>
    public void Match(string text, List<TermHit> hits)
    {
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = char.ToLowerInvariant(text[i]);
            while (true)
            {
                if (state == 0)
                {
                    state = _root[c];
                    break;
                }

                if (_next[state].TryGetValue(c, out var n))
                {
                    state = n;
                    break;
                }

                state = _fail[state];
            }

            var outputs = _out[state];
            for (var k = 0; k < outputs.Length; k++)
            {
                var pid = outputs[k];
                var length = _patterns[pid].Length;
                var start = i - length + 1;
                foreach (var term in _patternTerms[pid])
                {
                    if (Accept(term, text, start, length))
                    {
                        hits.Add(new TermHit(term, start));
                    }
                }
            }
        }
    }

    /// <summary>
    /// Removes CJK topic hits lying inside a longer CJK hit of another topic: substring matching has no word boundaries,
    /// so 实体清单 (entity list) inside 不可靠实体清单 (unreliable entity list) is not a mention of the entity list. Cues
    /// (@policy, @scope, @jurisdiction) inside a topic's term stay: 금지 (ban) inside 수출 금지 (export ban) is a ban.
    /// </summary>
    public static void DropNestedCjk(List<TermHit> hits)
    {
        if (hits.Count < 2)
        {
            return;
        }

        var cjk = hits.Where(h => h.Term.Kind == TermKind.Cjk && !h.Term.Target.StartsWith('@')).ToList();
        if (cjk.Count < 2)
        {
            return;
        }

        hits.RemoveAll(h => h.Term.Kind == TermKind.Cjk && !h.Term.Target.StartsWith('@') && cjk.Any(o =>
            o.Term.Term.Length > h.Term.Term.Length && o.Start <= h.Start && o.Start + o.Term.Term.Length >= h.Start + h.Term.Term.Length
            && o.Term.Target != h.Term.Target));
    }

    private static bool Accept(CompiledTerm term, string text, int start, int length)
    {
        var end = start + length;
        switch (term.Kind)
        {
            case TermKind.Cjk:
                return true;
            case TermKind.Code:
                return string.CompareOrdinal(text, start, term.Term, 0, length) == 0
                    && (start == 0 || !IsCodeChar(text[start - 1]))
                    && (end == text.Length || !IsWordChar(text[end]));
            default:
                if (term.CaseSensitive && string.CompareOrdinal(text, start, term.Term, 0, length) != 0)
                {
                    return false;
                }

                var startOk = start == 0 || !IsWordChar(text[start - 1]) || !IsWordChar(text[start]);
                var endOk = term.Prefix || end == text.Length || !IsWordChar(text[end]) || !IsWordChar(text[end - 1]);
                return startOk && endOk;
        }
    }

    // A code is not part of a longer code: "2025-08542" is a document number, "1.8541" a number.
    private static bool IsCodeChar(char c) => IsWordChar(c) || c is '-' or '.';

    // A letter or digit of a script that separates its words. CJK and Hangul characters are boundaries for Latin words
    // and codes: "英伟达H20芯片", "3A090物项", "HBM은" and "ASML의" name the product or code, whatever the language around it.
    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) && !IsCjkChar(c);

    private static bool IsCjkChar(char c) =>
        c is >= '\u2E80' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\u1100' and <= '\u11FF' or >= '\u3130' and <= '\u318F' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF';

    /// <summary>Compiles the dictionary's groups: kind per group or per term, "*" suffix as prefix match, capitals-only words as case-sensitive.</summary>
    public static TermMatcher Compile(ClassifierDictionary dictionary)
    {
        var terms = new List<CompiledTerm>();
        var seen = new HashSet<(string, string)>();
        foreach (var g in dictionary.Groups)
        {
            foreach (var raw in g.Terms)
            {
                var term = raw.Trim();
                var prefix = term.EndsWith('*');
                if (prefix)
                {
                    term = term[..^1];
                }

                if (term.Length == 0 || !seen.Add((g.Target + (g.RequiresScope ? "?" : ""), raw.Trim())))
                {
                    continue;
                }

                var kind = g.Kind switch
                {
                    "code" => TermKind.Code,
                    "cjk" => TermKind.Cjk,
                    "word" => TermKind.Word,
                    _ => HasCjk(term) ? TermKind.Cjk : TermKind.Word,
                };
                var acronym = kind == TermKind.Word && term.Count(char.IsUpper) >= 2 && !term.Any(char.IsLower);
                terms.Add(new CompiledTerm(terms.Count, term, g.Target, g.Weight, kind, g.CaseSensitive || acronym, prefix, g.RequiresScope));
            }
        }

        return new TermMatcher(terms);
    }

    /// <summary>True when the text has a character of a CJK script (Han, Kana, Hangul, CJK punctuation).</summary>
    public static bool HasCjk(string s)
    {
        foreach (var c in s)
        {
            if (c is >= '\u2E80' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF')
            {
                return true;
            }
        }

        return false;
    }
}
