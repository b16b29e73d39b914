using Alerts.Core.Detection;
using Alerts.Core.Sources;

namespace Alerts.Tests.Detection;

public sealed class ClassifierTests
{
    private static readonly DictionaryClassifier Classifier = new(ClassifierDictionary.BuiltIn());

    private static SourceDefinition Source(string jurisdiction = "US", bool official = true, string kind = "federal-register") =>
        new() { Id = "test-" + kind, Kind = kind, Jurisdiction = jurisdiction, Official = official, DefaultBaseUrl = "https://example.invalid" };

    private static ClassificationInput Fr(string type, string title, string @abstract, string action = "", ChangeType changeType = ChangeType.Added) =>
        new(Source(), changeType, title, @abstract, type,
            new Dictionary<string, string> { ["title"] = title, ["abstract"] = @abstract, ["type"] = type, ["action"] = action, ["citation"] = "90 FR 1234" },
            [], "en", "2025-01234", ["FR:2025-01234", "CITATION:90 FR 1234"]);

    private static List<string> Hits(string text)
    {
        var hits = new List<TermHit>();
        Classifier.Matcher.Match(text, hits);
        return [.. hits.Select(h => h.Term.Term)];
    }

    [Fact]
    public void English_terms_match_case_insensitively_on_word_boundaries_only()
    {
        Assert.Contains("lithography", Hits("New LITHOGRAPHY controls"));
        Assert.DoesNotContain("etch", Hits("They sketched a plan")); // inside a word
        Assert.Contains("GPU", Hits("shipments of GPUs to China")); // GPU* matches any ending
        Assert.DoesNotContain("EAR", Hits("earlier this year")); // acronyms keep their case and boundaries
        Assert.Contains("EAR", Hits("amends the EAR to"));
        Assert.DoesNotContain("Ascend", Hits("prices ascend again")); // names that are also words keep their case
    }

    [Fact]
    public void Codes_match_exactly_and_not_inside_other_numbers()
    {
        Assert.Contains("3A090", Hits("ECCN 3A090.a items"));
        Assert.Contains("8542", Hits("subheading 8542.31.00"));
        Assert.DoesNotContain("8542", Hits("document 2025-08542 was published"));
        Assert.DoesNotContain("8542", Hits("page 18542 of volume 89"));
        Assert.DoesNotContain("3A090", Hits("ECCN 3a090")); // a code is exact
        Assert.Contains("5A992.z", Hits("items in 5A992.z"));
    }

    [Fact]
    public void Chinese_terms_match_as_substrings_and_a_longer_term_hides_the_one_inside_it()
    {
        var input = new ClassificationInput(Source("CN", kind: "page"), ChangeType.Added, "不可靠实体清单工作机制公告", null, "Announcement",
            new Dictionary<string, string> { ["text"] = "将下列实体列入不可靠实体清单。" }, [], "zh");

        var c = Classifier.Classify(input);

        Assert.Contains("china-countermeasures", c.Topics);
        Assert.DoesNotContain("entity-list", c.Topics); // 实体清单 inside 不可靠实体清单 is not the US Entity List
    }

    [Fact]
    public void A_MOFCOM_announcement_on_gallium_is_classified_from_its_Chinese_text()
    {
        var input = new ClassificationInput(Source("CN", kind: "page"), ChangeType.Added, "商务部 海关总署公告2023年第23号", null, "Announcement",
            new Dictionary<string, string> { ["text"] = "决定对镓、锗相关物项实施出口管制。未经许可，不得出口。" }, [], "zh");

        var c = Classifier.Classify(input);

        Assert.Equal("CN", c.Jurisdiction);
        Assert.Contains("china-countermeasures", c.Topics);
        Assert.Contains("critical-minerals", c.Topics);
        Assert.Contains(c.Matched, m => m.StartsWith("critical-minerals:镓", StringComparison.Ordinal));
    }

    [Fact]
    public void Japanese_and_Dutch_texts_are_classified_from_their_own_language()
    {
        var ja = Classifier.Classify(new ClassificationInput(Source("other", false, "page"), ChangeType.Added, "輸出貿易管理令の改正", null, "Announcement",
            new Dictionary<string, string> { ["text"] = "外為法に基づき、半導体製造装置23品目を輸出管理の対象に追加。" }, [], "ja"));
        var nl = Classifier.Classify(new ClassificationInput(Source("other", false, "page"), ChangeType.Added, "Nieuwe exportcontrolemaatregelen", null, "Announcement",
            new Dictionary<string, string> { ["text"] = "Een vergunningplicht voor geavanceerde lithografiesystemen voor halfgeleiders." }, [], "nl"));

        Assert.Equal("JP", ja.Jurisdiction);
        Assert.Contains("chip-equipment", ja.Topics);
        Assert.Contains("export-licensing", ja.Topics);
        Assert.Equal("NL", nl.Jurisdiction);
        Assert.Contains("chip-equipment", nl.Topics);
        Assert.Contains("export-licensing", nl.Topics);
    }

    [Fact]
    public void A_final_rule_outranks_a_proposed_rule_which_outranks_a_notice()
    {
        const string title = "Revisions to Export Controls on Advanced Computing Items";
        const string text = "BIS revises license requirements for integrated circuits in ECCN 3A090 and computers in 4A090.";

        var rule = Classifier.Classify(Fr("Rule", title, text));
        var proposed = Classifier.Classify(Fr("Proposed Rule", title, text));
        var notice = Classifier.Classify(Fr("Notice", title, text));

        Assert.True(rule.Severity > proposed.Severity, $"{rule.Severity} vs {proposed.Severity}");
        Assert.True(proposed.Severity >= notice.Severity, $"{proposed.Severity} vs {notice.Severity}");
        Assert.True(rule.Relevance > proposed.Relevance && proposed.Relevance > notice.Relevance);
    }

    [Fact]
    public void An_advisory_committee_meeting_about_chips_is_low_and_a_correction_is_low()
    {
        var meeting = Classifier.Classify(Fr("Notice", "Information Systems Technical Advisory Committee; Notice of Partially Closed Meeting",
            "Agenda: working group report on semiconductor manufacturing equipment and 3A090 parameters."));
        var correction = Classifier.Classify(Fr("Rule", "Export Controls on Semiconductor Manufacturing Items; Correction",
            "This document corrects ECCN 3B090 in the rule on semiconductor manufacturing equipment.", "Interim final rule; correction."));

        Assert.Equal(Severity.Low, meeting.Severity);
        Assert.Contains("chip-equipment", meeting.Topics);
        Assert.Equal(Severity.Low, correction.Severity);
        Assert.Contains("correction", correction.Matched);
    }

    [Fact]
    public void Chip_news_that_is_not_about_policy_gets_no_topic()
    {
        var earnings = Classifier.Classify(new ClassificationInput(Source("other", false, "feed"), ChangeType.Added, "Nvidia revenue jumps as demand for H100 chips soars",
            "Cloud providers raced to buy GPUs.", "News", new Dictionary<string, string>(), [], "en"));
        var curbs = Classifier.Classify(new ClassificationInput(Source("other", false, "feed"), ChangeType.Added, "US tightens export controls on H100 chips to China",
            "The Commerce Department said licences will be required.", "News", new Dictionary<string, string>(), [], "en"));

        Assert.Empty(earnings.Topics);
        Assert.Equal(Severity.Info, earnings.Severity);
        Assert.Contains("ai-chips", curbs.Topics);
        Assert.Equal("US", curbs.Jurisdiction);
    }

    [Fact]
    public void Summaries_are_written_from_the_structured_diff_per_kind_of_document()
    {
        var tariff = Classifier.Classify(new ClassificationInput(Source(kind: "hts"), ChangeType.Modified, "8542.31.00 Processors and controllers", null, "Tariff Line",
            new Dictionary<string, string> { ["description"] = "Processors and controllers", ["general"] = "25%" }, [new FieldChange("general", "Free", "25%")], "en", "8542.31.00"));
        var entity = Classifier.Classify(new ClassificationInput(Source(kind: "screening-list"), ChangeType.Added, "Huawei Cloud", null, "Entity List Entry",
            new Dictionary<string, string> { ["list"] = "EL", ["name"] = "Huawei Cloud", ["countries"] = "CN", ["federal_register_notice"] = "90 FR 1234 " }, [], "en", "el-1"));
        var cfr = Classifier.Classify(new ClassificationInput(Source(kind: "ecfr"), ChangeType.Modified, "§ 744.23 Supercomputer end use controls", null, "CFR Section",
            new Dictionary<string, string> { ["substantive"] = "true", ["text"] = "3A090" }, [new FieldChange("text", "a", "b")], "en", "744.23"));
        var rule = Classifier.Classify(Fr("Rule", "Framework for Artificial Intelligence Diffusion", "Controls on 3A090 items.", "Interim final rule."));

        Assert.Equal("HTS 8542.31.00: general rate Free -> 25%", tariff.Summary);
        Assert.Equal(Severity.High, tariff.Severity);
        Assert.Equal("Entity List: added Huawei Cloud (CN), citing 90 FR 1234", entity.Summary);
        Assert.Equal(["entity-list"], entity.Topics);
        Assert.Equal("15 CFR 744.23 amended (substantive)", cfr.Summary);
        Assert.StartsWith("Interim final rule: Framework for Artificial Intelligence Diffusion", rule.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_entity_list_changes_of_one_notice_summarise_in_one_line()
    {
        ChangeRecord Entry(string name) => new()
        {
            Id = "chg_" + name,
            SourceId = "csl",
            ItemKey = name,
            ChangeType = ChangeType.Added,
            Title = name,
            References = ["CITATION:90 FR 1234"],
        };

        var line = ChangeSummary.EntityListBatch([Entry("A"), Entry("B"), Entry("C")]);

        Assert.Equal("Entity List: 3 entries added (A, B, C), citing 90 FR 1234", line);
    }

    [Fact]
    public void The_same_input_gives_the_same_classification()
    {
        var input = Fr("Rule", "Foreign-Produced Direct Product Rule Additions", "High-bandwidth memory and 3B993 equipment; License Exception HBM.");

        var a = Classifier.Classify(input);
        var b = new DictionaryClassifier(ClassifierDictionary.BuiltIn()).Classify(input);

        Assert.Equal(a.Topics, b.Topics);
        Assert.Equal(a.Matched, b.Matched);
        Assert.Equal(a.Relevance, b.Relevance);
        Assert.Equal(a.Severity, b.Severity);
    }

    [Fact]
    public void A_dictionary_file_in_configuration_extends_the_built_in_one_without_a_rebuild()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dict-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            { "groups": [ { "target": "ai-chips", "weight": 2.0, "caseSensitive": true, "terms": ["Zorblax-9"] } ] }
            """);
        try
        {
            var classifier = ClassifierEvaluationTests.WiredClassifier(new Dictionary<string, string?> { ["Alerts:Classifier:DictionaryPath"] = path });
            var input = Fr("Rule", "Controls on Zorblax-9 accelerators", "New controls on the Zorblax-9.");

            var extended = classifier.Classify(input);
            var builtIn = Classifier.Classify(input);

            Assert.Contains("ai-chips", extended.Topics);
            Assert.Contains(extended.Matched, m => m.Contains("Zorblax-9", StringComparison.Ordinal));
            Assert.DoesNotContain("ai-chips", builtIn.Topics);
            // The built-in terms are still there.
            Assert.Contains("ai-chips", classifier.Classify(Fr("Rule", "Controls on 3A090 items", "3A090")).Topics);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_dictionary_path_that_does_not_exist_stops_start_up_with_a_message_naming_it()
    {
        var ex = Assert.Throws<OptionsValidationException>(() =>
            ClassifierEvaluationTests.WiredClassifier(new Dictionary<string, string?> { ["Alerts:Classifier:DictionaryPath"] = "/nonexistent/dict.json" }));

        Assert.Contains("Alerts:Classifier:DictionaryPath", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/dict.json", ex.Message, StringComparison.Ordinal);
    }
}
