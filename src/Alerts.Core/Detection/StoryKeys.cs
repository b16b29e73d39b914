using Alerts.Core.Sources;

namespace Alerts.Core.Detection;

/// <summary>
/// Which keys link an item to a story: the Federal Register document number (and the one a correction corrects), the
/// citation ("89 FR 96790", also the notice an Entity List entry cites, also citations quoted in a press release),
/// the RIN, the docket, the date an EAR section was amended (the effective date of the amending rule), and, last, the
/// documents a Federal Register document says it acts on (suspends, rescinds, corrects, delays, issued concurrently).
/// When an item's full text was fetched (a thin Federal Register document, a page entry's own page), the references in
/// it link too, after the metadata's: see <see cref="FromFullText"/>.
/// </summary>
public static partial class StoryKeys
{
    private static readonly string[] FederalRegisterTypes = ["Rule", "Proposed Rule", "Notice", "Presidential Document"];

    /// <summary>Priority of the keys read from a full text: after every key of the metadata.</summary>
    public const int FullTextPriority = 6;

    public static List<LinkKey> Of(SourceItem item) => Of(item.References, item.Fields, item.DocumentType, item.Title, item.Summary, item.FullText);

    public static List<LinkKey> Of(IReadOnlyList<string> references, IReadOnlyDictionary<string, string> fields, string? documentType, string? title, string? summary, string? fullText = null)
    {
        var keys = new List<LinkKey>();
        void Add(string key, int priority)
        {
            if (!keys.Any(k => k.Key == key))
            {
                keys.Add(new LinkKey(key, priority));
            }
        }

        foreach (var r in references)
        {
            var colon = r.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var kind = r[..colon];
            var value = Normalize.Text(r[(colon + 1)..]);
            if (value.Length == 0)
            {
                continue;
            }

            switch (kind)
            {
                case "CORRECTS":
                    Add("FR:" + value, 0);
                    break;
                case "FR":
                    Add("FR:" + value, 1);
                    break;
                case "CITATION" when Citation(value) is { } c:
                    Add("CITATION:" + c, 2);
                    break;
                case "RIN":
                    Add("RIN:" + value.ToUpperInvariant(), 3);
                    break;
                case "AMENDED":
                    Add("EAR-AMENDED:" + value, 4);
                    break;
            }
        }

        // A rule amending the EAR (15 CFR 730-774) is the event behind the eCFR sections amended on its effective date.
        if (documentType is "Rule" && fields.TryGetValue("effective_on", out var effective) && effective.Length == 10
            && fields.TryGetValue("cfr_references", out var cfr) && EarPart().IsMatch(cfr))
        {
            Add("EAR-AMENDED:" + effective, 4);
        }

        // Press releases and news quote the Federal Register citation of the rule they announce.
        if (documentType is null || !FederalRegisterTypes.Contains(documentType))
        {
            foreach (Match m in QuotedCitation().Matches($"{title} {summary}"))
            {
                Add("CITATION:" + Citation(m.Value), 2);
            }
        }
        else
        {
            // One docket, one proceeding: USTR's initiation, hearing and determination of a Section 301 case.
            if (fields.TryGetValue("docket_ids", out var dockets))
            {
                foreach (var docket in dockets.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    Add("DOCKET:" + Normalize.Text(docket).ToUpperInvariant(), 3);
                }
            }

            // A document that says it acts on another (suspends, rescinds, corrects, delays, extends, or was issued
            // concurrently with it) joins the story of the document it cites; a rule merely citing earlier rules does not.
            var action = fields.GetValueOrDefault("action", "");
            if (ActsOnAnother().IsMatch($"{title} {action} {summary}"))
            {
                var own = references.Where(r => r.StartsWith("CITATION:", StringComparison.Ordinal)).Select(r => Citation(r[9..])).ToHashSet(StringComparer.Ordinal);
                foreach (Match m in QuotedCitation().Matches($"{summary}"))
                {
                    if (Citation(m.Value) is { } cited && !own.Contains(cited))
                    {
                        Add("CITATION:" + cited, 5);
                    }
                }

                foreach (Match m in DocumentNumber().Matches($"{summary}"))
                {
                    Add("FR:" + m.Groups[1].Value, 5);
                }
            }
        }

        if (!string.IsNullOrWhiteSpace(fullText))
        {
            foreach (var key in FromFullText(fullText, documentType, fields))
            {
                Add(key, FullTextPriority);
            }
        }

        return [.. keys.OrderBy(k => k.Priority)];
    }

    /// <summary>
    /// The link keys a full text gives, the way the metadata gives them. A Federal Register document's text cites many
    /// earlier rules, so only the sentences that say they act on another (suspends, rescinds, corrects, ...) count, as its
    /// abstract's do: their citations (<c>90 FR 47201</c>), <c>FR Doc.</c> numbers and dockets. Any other item (a press
    /// release, a ministry page) links by every citation and docket its text quotes, as its title and summary do. A
    /// rule with an effective date whose text amends an EAR part (<c>15 CFR part 744</c>) links to the eCFR sections
    /// amended that day, as one whose CFR references name the part does.
    /// </summary>
    public static IEnumerable<string> FromFullText(string fullText, string? documentType, IReadOnlyDictionary<string, string> fields)
    {
        var federalRegister = documentType is not null && FederalRegisterTypes.Contains(documentType);
        var passages = federalRegister
            ? Sentence().Split(fullText).Where(s => ActsOnAnother().IsMatch(s))
            : [fullText];
        foreach (var passage in passages)
        {
            foreach (Match m in QuotedCitation().Matches(passage))
            {
                yield return "CITATION:" + Citation(m.Value);
            }

            if (federalRegister)
            {
                foreach (Match m in DocumentNumber().Matches(passage))
                {
                    yield return "FR:" + m.Groups[1].Value;
                }
            }

            foreach (Match m in DocketId().Matches(passage))
            {
                yield return "DOCKET:" + m.Value.ToUpperInvariant();
            }

            foreach (Match m in DocketNumber().Matches(passage))
            {
                yield return "DOCKET:DOCKET NO. " + m.Groups[1].Value;
            }
        }

        if (documentType is "Rule" && fields.TryGetValue("effective_on", out var effective) && effective.Length == 10 && EarPartInText().IsMatch(fullText))
        {
            yield return "EAR-AMENDED:" + effective;
        }
    }

    /// <summary>"89 FR 96790" in canonical form (single spaces, no leading zeros), or null when it is not one.</summary>
    public static string? Citation(string value)
    {
        var m = QuotedCitation().Match(value);
        return m.Success
            ? $"{int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)} FR {int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)}"
            : null;
    }

    [GeneratedRegex(@"\b(suspen\w*|rescind\w*|rescission|correct\w*|delay\w*|extend\w*|extension|withdraw\w*|concurrently|stay\w*)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ActsOnAnother();

    [GeneratedRegex(@"\bFR Doc\.?\s+(\d{4}-\d{5})\b", RegexOptions.CultureInvariant)]
    private static partial Regex DocumentNumber();

    [GeneratedRegex(@"\b15 CFR (7[3-6]\d|77[0-4])\b", RegexOptions.CultureInvariant)]
    private static partial Regex EarPart();

    [GeneratedRegex(@"\b(\d{1,3})\s+FR\s+(\d{1,6})\b", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedCitation();

    /// <summary>A regulations.gov docket id: USTR-2024-0027, BIS-2025-0012, USTR-2025-0001.</summary>
    [GeneratedRegex(@"\b(?:USTR|BIS|ITA|DOC|CBP|USITC|ITC|OFAC|DOS|DDTC)-\d{4}-\d{4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex DocketId();

    /// <summary>A Federal Register docket number as the API's docket_ids write it: "Docket No. 250925-0160".</summary>
    [GeneratedRegex(@"\bDocket No\.\s*(\d{6}-\d{2,4})\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DocketNumber();

    [GeneratedRegex(@"\b15\s+CFR\s+(?:[Pp]arts?\s+)?(7[3-6]\d|77[0-4])\b", RegexOptions.CultureInvariant)]
    private static partial Regex EarPartInText();

    /// <summary>A sentence break: after . ! ? or a line break, before a capital, an opening bracket or a quote.</summary>
    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z(\""“])|\n\s*\n", RegexOptions.CultureInvariant)]
    private static partial Regex Sentence();
}
