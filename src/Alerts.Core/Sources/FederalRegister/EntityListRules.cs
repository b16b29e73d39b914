namespace Alerts.Core.Sources.FederalRegister;

/// <summary>
/// Reads the entities that a BIS final rule adds to or revises on the Entity List (Supplement No. 4 to part 744), the
/// Unverified List (Supplement No. 6) or the Military End User list (Supplement No. 7), from the rule's full text as the
/// Federal Register source keeps it (the document's HTML read as plain text, white space folded). The amendatory
/// instruction names the country and each entry ("Supplement No. 4 to part 744 is amended by adding, in alphabetical
/// order, under the destination of China, People's Republic of, entries for “A” and “B”", or "Amend supplement no. 4 to
/// part 744 by: a. Adding, under ..., entries for ...; b. Revising, under ..., the entry for ..."); the table that follows gives
/// each entry's cell: the name, "a.k.a., the following two aliases: —X; and —Y." and the address, up to the licence
/// requirement or the Federal Register citation. Removed entries are skipped. Text that holds no such instruction (any
/// other document, or hostile text) gives no entities; the input is bounded and every pattern has a time-out.
/// </summary>
public static partial class EntityListRules
{
    /// <summary>Characters of a rule's text that are read.</summary>
    public const int MaxChars = 2_000_000;

    /// <summary>Entities read from one rule at most (the largest rules add a few hundred).</summary>
    public const int MaxEntities = 2_000;

    private const int MaxCell = 4_000;

    /// <summary>Whether a Federal Register document is a BIS rule that adds or revises entries of these lists, by its title and agencies.</summary>
    public static bool IsEntityRule(string? title, string? agencies) =>
        title is { Length: > 0 } t && RuleTitle().IsMatch(t)
        && (string.IsNullOrEmpty(agencies) || agencies.Contains("Industry and Security", StringComparison.OrdinalIgnoreCase));

    /// <summary>The entities the rule's text adds or revises, in the order of its instructions; none when it has no such instruction.</summary>
    public static List<RuleEntity> Parse(string? text)
    {
        var found = new List<RuleEntity>();
        if (string.IsNullOrEmpty(text))
        {
            return found;
        }

        if (text.Length > MaxChars)
        {
            text = text[..MaxChars];
        }

        try
        {
            foreach (Match instruction in Instruction().Matches(text))
            {
                var list = instruction.Groups["supp"].Value switch { "4" => "EL", "6" => "UVL", _ => "MEU" };
                var body = instruction.Groups["body"].Value;
                var tableStart = instruction.Index + instruction.Length;
                foreach (var (country, names) in Entries(body))
                {
                    foreach (var name in names)
                    {
                        if (found.Count >= MaxEntities)
                        {
                            return found;
                        }

                        var (aliases, address) = Cell(text, tableStart, name);
                        found.Add(new RuleEntity(list, country, name, aliases, address));
                    }
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // Text built to make the patterns slow: what was read so far stands.
        }

        return found;
    }

    /// <summary>Per "under COUNTRY" part of an instruction that adds or revises: the country and the quoted entry names.</summary>
    private static IEnumerable<(string Country, List<string> Names)> Entries(string body)
    {
        var parts = Under().Split(body);
        var verb = Verb().Matches(parts[0]) is { Count: > 0 } v0 ? v0[^1].Value : "";
        for (var i = 1; i < parts.Length; i++)
        {
            var part = parts[i];
            var firstQuote = part.IndexOfAny(['“', '"', '`']);
            var head = firstQuote < 0 ? part : part[..firstQuote];
            var countryText = CountryEnd().Split(head, 2)[0];
            var country = Country(countryText);
            var names = Quoted().Matches(part).Select(m => SafeParsing.FoldWhitespace(m.Groups["n"].Value).Trim(' ', ',', ';'))
                .Where(n => n.Length >= 2).Distinct(StringComparer.Ordinal).ToList();
            if (!verb.StartsWith("remov", StringComparison.OrdinalIgnoreCase) && country.Length > 0 && names.Count > 0)
            {
                yield return (country, names);
            }

            // The next part's verb: the last one named before it ("...; and by removing under X ...").
            if (Verb().Matches(part) is { Count: > 0 } v)
            {
                verb = v[^1].Value;
            }
        }
    }

    /// <summary>"CHINA, PEOPLE'S REPUBLIC OF" and "the destination of China, People's Republic of (China)" are China.</summary>
    private static string Country(string text)
    {
        var t = SafeParsing.FoldWhitespace(Destination().Replace(text, "")).Trim(' ', ',', '.', ':');
        var comma = t.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0)
        {
            t = t[..comma];
        }

        var paren = t.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0)
        {
            t = t[..paren].Trim();
        }

        return t.Length is 0 or > 60 ? "" : System.Globalization.CultureInfo.InvariantCulture.TextInfo.ToTitleCase(t.ToLowerInvariant());
    }

    /// <summary>The aliases and address of the entry's cell in the table after the instruction (none when the name is not found there).</summary>
    private static (List<string> Aliases, string? Address) Cell(string text, int from, string name)
    {
        var at = text.IndexOf(name, from, StringComparison.Ordinal);
        if (at < 0)
        {
            return ([], null);
        }

        var start = at + name.Length;
        var window = text.AsSpan(start, Math.Min(MaxCell, text.Length - start)).ToString();
        var end = CellEnd().Match(window) is { Success: true } e ? e.Index : window.Length;
        var cell = window[..end].Trim(' ', ',');
        var aliases = new List<string>();
        var aka = Aka().Match(cell);
        if (aka.Success)
        {
            var rest = cell[(aka.Index + aka.Length)..];
            while (true)
            {
                rest = rest.TrimStart();
                if (rest.StartsWith("and ", StringComparison.Ordinal))
                {
                    rest = rest[4..].TrimStart();
                }

                if (rest.Length == 0 || !"—–-".Contains(rest[0], StringComparison.Ordinal))
                {
                    break;
                }

                rest = rest.TrimStart('—', '–', '-', ' ');
                var semi = rest.IndexOf(';', StringComparison.Ordinal);
                var stop = AliasEnd().Match(rest) is { Success: true } s ? s.Index + 1 : rest.Length;
                if (semi >= 0 && semi < stop)
                {
                    aliases.Add(rest[..semi].Trim());
                    rest = rest[(semi + 1)..];
                    continue;
                }

                aliases.Add(rest[..stop].Trim().TrimEnd('.'));
                rest = rest[stop..];
                break;
            }

            cell = rest;
        }

        var address = cell.Trim(' ', ',', '.', ';');
        return ([.. aliases.Where(a => a.Length >= 2).Distinct(StringComparer.Ordinal)], address.Length > 0 ? address : null);
    }

    [GeneratedRegex(@"(addition|revision|modification)s?\b.{0,80}\b(entity list|unverified list|military end.user)|(entity list|unverified list|military end.user list).{0,40}\b(addition|revision)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RuleTitle();

    /// <summary>"Supplement No. 4 to part 744 is amended by adding ... to read as follows" or "Amend supplement no. 4 to part 744 by: a. Adding ...; b. Revising ... read as follows".</summary>
    [GeneratedRegex(@"Supplement No\.?\s*(?<supp>[467])\s+to\s+part\s+744\s+(is\s+(further\s+)?amended\s+)?by\s*:?\s*(?<body>.{1,20000}?)(read as follows|as follows)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, matchTimeoutMilliseconds: 2000)]
    private static partial Regex Instruction();

    [GeneratedRegex(@"\bunder\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Under();

    [GeneratedRegex(@"\b(adding|revising|removing|amending|modifying)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Verb();

    [GeneratedRegex(@"^\s*(the\s+)?destinations?\s+of\s+(the\s+)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Destination();

    /// <summary>Where the country of an "under ..." part ends: ", entries for", ", an entry for", ", by".</summary>
    [GeneratedRegex(@",?\s+(an?\s+|one\s+|the\s+|\w+\s+)?(new\s+)?entr(y|ies)\b|,\s+by\b|,\s+in\s+alphabetical",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CountryEnd();

    [GeneratedRegex(@"“(?<n>[^”]{2,300})”|``(?<n>.{2,300}?)''|""(?<n>[^""]{2,300})""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Quoted();

    /// <summary>The end of an entity's cell: its licence requirement, or (lists without one) its Federal Register citation, or the next "* * *".</summary>
    [GeneratedRegex(@"\bFor (all )?items subject to|\bFor all items\b|\b\d{2,3} FR (\d|\[)|\*\s\*\s\*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CellEnd();

    [GeneratedRegex(@"a\.?k\.?a\.?,?\s*(the\s+following\s+)?(\w+\s+)?(alias|aliases)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Aka();

    /// <summary>The end of the last alias: a full stop before a space and a letter or digit that does not go on as a legal form ("Co. Ltd.").</summary>
    [GeneratedRegex(@"\.(?=\s+(?!(Ltd|Limited|LLC|Inc|GmbH|JSC|Co|Corp|Corporation|Company|Bhd|Pte|S\.A|B\.V)\b)[\p{L}\d])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AliasEnd();
}
