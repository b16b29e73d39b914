using Alerts.Core.ChangeLog;

namespace Alerts.Core.Detection;

/// <summary>
/// The data-driven classifier: one pass of a precompiled matcher over the title, the summary and each content field,
/// then fixed rules (docs/detection.md): a topic is assigned when its score reaches its threshold; tariffs and
/// export-licensing only when the document is about chips (scope terms or an anchor topic); news only when it speaks
/// of policy; severity from the document type, binding action, core topics and relevance; meetings and corrections
/// are low. <see cref="Classification.Matched"/> lists every term, code, field and rule that counted.
/// </summary>
public sealed class DictionaryClassifier : IChangeClassifier
{
    /// <summary>Fields that identify or date a document: never scanned for terms (a citation "89 FR 8542" is not HTS 8542).</summary>
    private static readonly HashSet<string> SkippedFields = new(StringComparer.Ordinal)
    {
        "title", "summary", "stage", "citation", "publication_date", "effective_on", "docket_ids", "regulation_id_numbers",
        "correction_of", "document_number", "start_date", "end_date", "amendment_date", "date", "published", "link", "url",
        "html_url", "pdf_url", "federal_register_notice", "ids", "indent", "units", "general", "special", "other", "type",
        "substantive", "removed", "list", "part", "source_list_url", "source_information_url",
    };

    private readonly ClassifierDictionary _dictionary;
    private readonly TermMatcher _matcher;

    public DictionaryClassifier(IOptions<ClassifierOptions> options)
        : this(ClassifierDictionary.Load(options.Value.DictionaryPath))
    {
    }

    public DictionaryClassifier(ClassifierDictionary dictionary)
    {
        _dictionary = dictionary;
        _matcher = TermMatcher.Compile(dictionary);
    }

    public ClassifierDictionary Dictionary => _dictionary;

    public TermMatcher Matcher => _matcher;

    public Classification Classify(ClassificationInput input)
    {
        var settings = _dictionary.Settings;
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var evidence = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var counted = new HashSet<(string Target, string Term)>();
        var hits = new List<TermHit>();
        var deferred = new List<(string Target, double Weight, string Why)>();

        void Scan(string field, string? text, double boost, bool withOffset = false)
        {
            if (string.IsNullOrEmpty(text))
            {
                return;
            }

            hits.Clear();
            _matcher.Match(text, hits);
            TermMatcher.DropNestedCjk(hits);
            foreach (var h in hits)
            {
                var t = h.Term;
                if (!counted.Add((t.Target, t.Term)))
                {
                    continue; // a term counts once per document, in the first (title first) field it appears in
                }

                var where = withOffset ? $"{t.Term}@{field}:{h.Start.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : $"{t.Term}@{field}";
                if (t.RequiresScope)
                {
                    deferred.Add((t.Target, t.Weight * boost, where));
                    continue;
                }

                Add(t.Target, t.Weight * boost, where);
            }
        }

        void Add(string target, double weight, string why)
        {
            scores[target] = scores.GetValueOrDefault(target) + weight;
            if (!evidence.TryGetValue(target, out var list))
            {
                evidence[target] = list = [];
            }

            list.Add(why);
        }

        Scan("title", input.Title, settings.TitleBoost);
        if (input.ItemKey is { Length: > 0 } key && input.DocumentType is "Tariff Line" or "CFR Section")
        {
            Scan("key", key, settings.TitleBoost);
        }

        Scan("summary", input.Summary, 1.0);
        foreach (var (name, value) in input.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!SkippedFields.Contains(name))
            {
                Scan(name, value, 1.0);
            }
        }

        // The full text is read last: a term already seen in the title, abstract or fields counts there.
        Scan("fulltext", input.FullText, settings.FullTextBoost, withOffset: true);

        foreach (var rule in _dictionary.FieldRules)
        {
            if (input.Fields.TryGetValue(rule.Field, out var v) && rule.Values.Any(x => string.Equals(x, v?.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                Add(rule.Target, rule.Weight, $"{rule.Field}={v!.Trim()}");
            }
        }

        var type = input.DocumentType ?? "";
        var typeDef = _dictionary.DocumentTypes.GetValueOrDefault(type)
            ?? new DocumentTypeDefinition { Factor = input.Source.Official ? 0.75 : 0.6, Severity = input.Source.Official ? Severity.Medium : Severity.Low };
        var isNews = !input.Source.Official || type.Equals("News", StringComparison.OrdinalIgnoreCase);
        var policy = !isNews || scores.ContainsKey("@policy");

        // Anchor topics stand on their own; tariffs and export-licensing need the document to be about chips.
        var topics = new List<string>();
        var matched = new List<string>();
        if (policy)
        {
            foreach (var (topic, def) in _dictionary.Topics.Where(t => t.Value.Anchor))
            {
                if (scores.GetValueOrDefault(topic) >= (def.Threshold ?? settings.TopicThreshold))
                {
                    topics.Add(topic);
                }
            }

            var scoped = scores.ContainsKey("@scope") || topics.Any(t => t != "entity-list");

            // A presidential tariff action on all goods of a country (IEEPA, reciprocal rates) covers chips without naming them.
            var economyWide = !scoped && type == "Presidential Document" && scores.ContainsKey("@economy-wide") && scores.GetValueOrDefault("tariffs") >= settings.TopicThreshold;
            if (economyWide)
            {
                matched.AddRange(evidence["@economy-wide"].Select(e => "economy-wide:" + e));
            }
            if (scoped && deferred.Count > 0)
            {
                foreach (var (target, weight, why) in deferred)
                {
                    Add(target, weight, why);
                }

                foreach (var (topic, def) in _dictionary.Topics.Where(t => t.Value.Anchor && !topics.Contains(t.Key)))
                {
                    if (scores.GetValueOrDefault(topic) >= (def.Threshold ?? settings.TopicThreshold))
                    {
                        topics.Add(topic);
                    }
                }
            }

            foreach (var (topic, def) in _dictionary.Topics.Where(t => !t.Value.Anchor))
            {
                if ((scoped || (economyWide && topic == "tariffs")) && scores.GetValueOrDefault(topic) >= (def.Threshold ?? settings.TopicThreshold))
                {
                    topics.Add(topic);
                }
            }
        }

        if (typeDef.Topics is { } allowed)
        {
            topics.RemoveAll(t => !allowed.Contains(t));
        }

        topics.Sort(StringComparer.Ordinal);
        foreach (var t in topics)
        {
            matched.AddRange(evidence[t].Select(e => $"{t}:{e}"));
        }

        var references = input.References ?? [];
        // A correction says so in its action, in the last part of its title ("...; Correction") or by what it corrects;
        // "Updates and Corrections" inside a rule's title is not one.
        var lastTitlePart = input.Title.Split(';').Last().Trim();
        var correction = input.Fields.GetValueOrDefault("action", "").Contains("correction", StringComparison.OrdinalIgnoreCase)
            || (scores.ContainsKey("@correction") && lastTitlePart.StartsWith("correct", StringComparison.OrdinalIgnoreCase))
            || references.Any(r => r.StartsWith("CORRECTS:", StringComparison.Ordinal))
            || input.Fields.GetValueOrDefault("correction_of", "").Length > 0;
        var meeting = scores.ContainsKey("@meeting");

        var topicScore = topics.Sum(t => Math.Min(scores[t], 6.0));
        var contextScore = Math.Min(scores.GetValueOrDefault("@scope"), 3.0) * 0.5;
        double relevance;
        Severity severity;
        if (topics.Count == 0)
        {
            relevance = 0.2 * (1 - Math.Exp(-(contextScore + scores.GetValueOrDefault("@policy") * 0.2) / settings.RelevanceScale));
            severity = Severity.Info;
        }
        else
        {
            relevance = typeDef.Factor * (1 - Math.Exp(-(topicScore + contextScore) / settings.RelevanceScale));
            var binding = typeDef.Binding || (scores.ContainsKey("@binding") && !isNews && type is "Notice" or "Press Release" or "Announcement");
            severity = binding ? Severity.High : typeDef.Severity;
            if (type == "Tariff Line")
            {
                severity = input.ChangeType == ChangeType.Modified
                    && input.Diff.Any(d => d.Field is "general" or "special" or "other" or "additional_duties" or "footnotes") ? Severity.High : Severity.Medium;
            }
            else if (type == "Entity List Entry" && input.ChangeType == ChangeType.Modified)
            {
                severity = Severity.Medium;
            }
            else if (type == "CFR Section" && input.Fields.GetValueOrDefault("substantive") is "false" or "False")
            {
                severity = Severity.Low;
                binding = false;
            }

            if (binding && input.ChangeType != ChangeType.Removed && relevance >= settings.CriticalRelevance
                && topics.Any(t => _dictionary.Topics.TryGetValue(t, out var d) && d.Core))
            {
                severity = Severity.Critical;
            }

            if (meeting)
            {
                severity = severity > Severity.Low ? Severity.Low : severity; // at most low: relies on Severity rising with its value
                relevance *= 0.5;
                matched.AddRange(evidence["@meeting"].Select(e => "meeting:" + e));
            }

            if (correction)
            {
                severity = severity > Severity.Low ? Severity.Low : severity; // at most low: relies on Severity rising with its value
                relevance *= 0.6;
                matched.Add("correction");
            }

            matched.Add($"type:{(type.Length > 0 ? type : "unknown")}->{severity.ToWire()}");
        }

        var jurisdiction = Jurisdiction(input, scores, topics, matched);
        var summary = ChangeSummary.Write(input);
        return new Classification(jurisdiction, topics, severity, Math.Round(Math.Clamp(relevance, 0, 1), 3), matched.Distinct(StringComparer.Ordinal).ToList(), summary);
    }

    private static string Jurisdiction(ClassificationInput input, Dictionary<string, double> scores, List<string> topics, List<string> matched)
    {
        var hint = string.IsNullOrEmpty(input.Source.Jurisdiction) ? "other" : input.Source.Jurisdiction;
        if (input.Source.Official && hint != "other")
        {
            return hint;
        }

        var cues = scores.Where(s => s.Key.StartsWith("@jurisdiction:", StringComparison.Ordinal))
            .ToDictionary(s => s.Key["@jurisdiction:".Length..], s => s.Value, StringComparer.Ordinal);
        if (topics.Contains("china-countermeasures"))
        {
            cues["CN"] = cues.GetValueOrDefault("CN") + 2.0;
        }

        if (topics.Contains("entity-list"))
        {
            cues["US"] = cues.GetValueOrDefault("US") + 1.0;
        }

        if (topics.Contains("eu-dual-use"))
        {
            cues["EU"] = cues.GetValueOrDefault("EU") + 1.0;
        }

        if (cues.Count > 0)
        {
            var best = cues.OrderByDescending(c => c.Value).ThenBy(c => c.Key == hint ? 0 : 1).ThenBy(c => c.Key, StringComparer.Ordinal).First();
            if (best.Value >= 2.0)
            {
                matched.Add($"jurisdiction:{best.Key}");
                return best.Key;
            }
        }

        var language = (input.Language ?? "").ToLowerInvariant();
        var byLanguage = language.Split('-')[0] switch
        {
            "zh" when language.Contains("-tw", StringComparison.Ordinal) || language.Contains("-hant", StringComparison.Ordinal) => "TW",
            "zh" => "CN",
            "ja" => "JP",
            "nl" => "NL",
            "ko" => "KR",
            _ => null,
        };
        return byLanguage ?? hint;
    }

}
