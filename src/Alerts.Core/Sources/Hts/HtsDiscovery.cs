using Alerts.Core.Sources.FederalRegister;

namespace Alerts.Core.Sources.Hts;

/// <summary>
/// Finds chapter 99 headings nobody listed: new Section 232 and 301 actions enter the schedule as new 9903.xx headings,
/// so each new release the whole of chapter 99 is read and every line whose description (its own and its parents', as
/// the schedule reads them) or footnotes reference a watched chapter or heading, or name a chip term, is kept with the
/// rate it sets (its own general rate, or the one of the nearest parent that states one).
/// </summary>
public sealed partial class HtsDiscovery
{
    /// <summary>Headings whose mention in chapter 99 makes a line relevant, and which are always exported in full.</summary>
    public const string DefaultWatch = "8471,8473,8486,8541,8542";

    /// <summary>Chip terms whose mention in chapter 99 makes a line relevant (whole words, any case).</summary>
    public const string DefaultTerms = "semiconductor,integrated circuit,wafer,microchip,microprocessor,photomask";

    private readonly string[] _watch;
    private readonly Regex? _terms;

    private HtsDiscovery(string[] watch, string[] terms)
    {
        _watch = watch;
        _terms = terms.Length == 0 ? null : new Regex(@"\b(?:" + string.Join("|", terms.Select(Regex.Escape)) + @")s?\b",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
    }

    /// <summary>The watched chapters (two digits) and headings (8542, 8542.31, ...).</summary>
    public IReadOnlyList<string> Watch => _watch;

    /// <summary>
    /// Reads the settings watch (chapters or headings) and terms (comma-separated); a bad entry is a failure naming the
    /// setting, before any request.
    /// </summary>
    public static HtsDiscovery FromSettings(SourceDefinition source)
    {
        var watch = FederalRegisterSource.Split(source.Setting("watch") ?? DefaultWatch, ',');
        foreach (var w in watch)
        {
            if (!WatchPattern().IsMatch(w))
            {
                throw new SourceException($"{source.Id}: setting 'watch' holds '{w}', which is not an HTS chapter or heading like 85, 8542 or 8542.31");
            }
        }

        var terms = FederalRegisterSource.Split(source.Setting("terms") ?? DefaultTerms, ',');
        foreach (var t in terms)
        {
            if (t.Length < 3 || t.Length > 60 || !TermPattern().IsMatch(t))
            {
                throw new SourceException($"{source.Id}: setting 'terms' holds '{t}', which is not a term of 3 to 60 letters, digits, spaces or hyphens");
            }
        }

        return new HtsDiscovery(watch, terms);
    }

    /// <summary>True when the source reads chapter 99 for headings nobody listed (setting discover, default true).</summary>
    public static bool Enabled(SourceDefinition source)
    {
        var value = source.Setting("discover") ?? "true";
        return value.ToUpperInvariant() switch
        {
            "TRUE" or "ON" or "YES" => true,
            "FALSE" or "OFF" or "NO" => false,
            _ => throw new SourceException($"{source.Id}: setting 'discover' holds '{value}'; expected true or false"),
        };
    }

    /// <summary>
    /// The relevant lines of a chapter 99 export, as tariff-line items whose summary names the rate and what matched, and
    /// whose references hold every HTS number the line cites. The content fields are those <see cref="HtsSource.Parse"/>
    /// gives the same row, so a line read both here and through a listed heading is one version.
    /// </summary>
    public List<SourceItem> Relevant(string sourceId, ReadOnlyMemory<byte> body, string? release = null, FetchedDocument? evidence = null)
    {
        using var json = SafeParsing.ParseJson(sourceId, body);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new SourceException($"{sourceId}: expected the HTS export to be a JSON array of rows, got {root.ValueKind}");
        }

        var parents = new List<(int Indent, string Description, string Rate)>();
        var items = new List<SourceItem>();
        foreach (var r in root.EnumerateArray())
        {
            if (r.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var indent = int.TryParse(HtsSource.Text(r, "indent"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : 0;
            while (parents.Count > 0 && parents[^1].Indent >= indent)
            {
                parents.RemoveAt(parents.Count - 1);
            }

            var description = HtsSource.Text(r, "description");
            var general = HtsSource.Text(r, "general");
            var rate = general.Length > 0 ? general : parents.Select(p => p.Rate).LastOrDefault(p => p.Length > 0) ?? "";
            var htsno = HtsSource.Text(r, "htsno");
            if (htsno.Length > 0)
            {
                var item = HtsSource.ToItem(r, htsno, release, evidence);
                var text = string.Join(" ", parents.Select(p => p.Description).Append(description).Append(item.Fields["footnotes"]));
                var matched = Matches(text, htsno);
                if (matched.Count > 0)
                {
                    var cited = HeadingMention().Matches(text).Select(m => m.Value).Where(v => v.Contains('.', StringComparison.Ordinal) || matched.Contains(v)).Select(v => "HTS:" + v);
                    items.Add(item with
                    {
                        Summary = $"Chapter 99 line {htsno} sets {(rate.Length > 0 ? rate : "no stated rate")}; it references {string.Join(", ", matched)}"
                            + (release is null ? "" : $" (in {release})"),
                        References = [.. item.References.Concat(cited).Distinct(StringComparer.Ordinal)],
                    });
                }
            }

            parents.Add((indent, description, rate));
        }

        return items;
    }

    /// <summary>The watched headings and chip terms a text mentions, in order of first mention, without repeats.</summary>
    public List<string> Matches(string text, string? self = null)
    {
        var found = new List<string>();
        foreach (Match m in HeadingMention().Matches(text))
        {
            if (m.Value != self && _watch.Any(w => Covers(w, m.Value)) && !found.Contains(m.Value))
            {
                found.Add(m.Value);
            }
        }

        foreach (Match m in ChapterMention().Matches(text))
        {
            var chapter = m.Groups[1].Value;
            if (_watch.Contains(chapter) && !found.Contains("chapter " + chapter))
            {
                found.Add("chapter " + chapter);
            }
        }

        if (_terms is not null)
        {
            foreach (Match m in _terms.Matches(text))
            {
                var term = m.Value.ToLowerInvariant();
                if (!found.Contains(term))
                {
                    found.Add(term);
                }
            }
        }

        return found;
    }

    /// <summary>A watched entry and a mention meet when one is the other or lies under it (8542 and 8542.31.00, 85 and 8541).</summary>
    private static bool Covers(string watched, string mention) =>
        watched.Length == 2
            ? mention.StartsWith(watched, StringComparison.Ordinal)
            : mention == watched || mention.StartsWith(watched + ".", StringComparison.Ordinal) || watched.StartsWith(mention + ".", StringComparison.Ordinal);

    [GeneratedRegex(@"^\d{2}$|^\d{4}(\.\d{2}){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex WatchPattern();

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} -]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TermPattern();

    /// <summary>A heading or subheading as the schedule writes it in text: 8542, 8542.31, 8542.31.00, 8542.31.00.15.</summary>
    [GeneratedRegex(@"(?<![\d.\-])\d{4}(?:\.\d{2}){0,3}(?![\d\-]|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex HeadingMention();

    [GeneratedRegex(@"\bchapters?\s+(\d{2})\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ChapterMention();
}
