using Alerts.Core.Detection;
using Alerts.Core.Sources;

namespace Alerts.Tests.Detection;

/// <summary>The references a fetched full text holds link the change into its story as the metadata's do (issue 15).</summary>
public sealed class FullTextStoryTests
{
    private static readonly SourceDefinition FederalRegister = new() { Id = "federal-register", Kind = "federal-register", Jurisdiction = "US", DefaultBaseUrl = "https://example.invalid" };

    private static readonly SourceDefinition Page = new() { Id = "ustr-page", Kind = "page", Jurisdiction = "US", DefaultBaseUrl = "https://example.invalid" };

    private static readonly Dictionary<string, string> NoFields = [];

    /// <summary>A press release's page: the title and listing say nothing; its text quotes the notice and the docket.</summary>
    private const string PressReleaseText = """
        USTR Announces Action in Section 301 Investigation. WASHINGTON – The Office of the United States Trade Representative
        today announced its determination in the investigation of China's targeting of the semiconductor industry (Docket
        No. USTR-2024-0027). The notice of action, published at 90 FR 61234, imposes additional duties on semiconductors.
        """;

    [Fact]
    public void A_press_release_links_by_the_citation_and_the_docket_its_text_quotes_and_without_the_text_by_nothing()
    {
        var withText = StoryKeys.Of([], NoFields, "Announcement", "USTR Announces Action", null, PressReleaseText);
        var without = StoryKeys.Of([], NoFields, "Announcement", "USTR Announces Action", null);

        Assert.Equal(["CITATION:90 FR 61234", "DOCKET:USTR-2024-0027"], withText.Select(k => k.Key).Order(StringComparer.Ordinal));
        Assert.All(withText, k => Assert.Equal(StoryKeys.FullTextPriority, k.Priority));
        Assert.Empty(without);
    }

    [Fact]
    public void A_rule_text_links_by_what_it_says_it_acts_on_not_by_every_rule_it_cites()
    {
        const string text = """
            SUMMARY: The Bureau of Industry and Security amends the Export Administration Regulations.
            Background. On December 5, 2024, BIS published a rule at 89 FR 96830 adding entities to the Entity List.
            This rule suspends until November 10, 2026 the interim final rule published at 90 FR 47201 (FR Doc. 2025-17893).
            Comments on the earlier rule were received under Docket No. 240911-0239.
            """;

        var keys = StoryKeys.Of(["FR:2025-20551", "CITATION:90 FR 50857"], new Dictionary<string, string> { ["action"] = "Final rule." }, "Rule",
            "Changes to the End-User Controls", "BIS amends the EAR.", text).Select(k => k.Key).ToList();

        Assert.Equal(["FR:2025-20551", "CITATION:90 FR 50857", "CITATION:90 FR 47201", "FR:2025-17893"], keys);
        Assert.DoesNotContain("CITATION:89 FR 96830", keys);
        Assert.DoesNotContain("DOCKET:DOCKET NO. 240911-0239", keys);
    }

    [Fact]
    public void A_rule_whose_text_amends_an_EAR_part_links_to_the_sections_amended_on_its_effective_date()
    {
        var fields = new Dictionary<string, string> { ["action"] = "Final rule.", ["effective_on"] = "2025-12-01", ["cfr_references"] = "" };

        var amending = StoryKeys.Of(["FR:2025-21000"], fields, "Rule", "Revisions", null, "For the reasons stated in the preamble, 15 CFR part 744 is amended as follows.");
        var other = StoryKeys.Of(["FR:2025-21001"], fields, "Rule", "Revisions", null, "For the reasons stated in the preamble, 19 CFR part 12 is amended as follows.");

        Assert.Contains(amending, k => k.Key == "EAR-AMENDED:2025-12-01");
        Assert.DoesNotContain(other, k => k.Key.StartsWith("EAR-AMENDED:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_whose_text_quotes_a_notice_joins_the_notice_story_and_its_metadata_keys_still_win()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 12, 1, 12, 0, 0, TimeSpan.Zero));
        await using var t = await TestServices.CreateAsync(clock: clock);
        var index = t.Get<StoryIndex>();
        var notice = await index.LinkAsync(FederalRegister, "2025-22800", "Notice of Action: Section 301 Investigation of China's Semiconductor Policies",
            "USTR imposes additional duties.", "Notice", ["FR:2025-22800", "CITATION:90 FR 61234"], new Dictionary<string, string> { ["docket_ids"] = "USTR-2024-0027" });
        var other = await index.LinkAsync(FederalRegister, "2025-22900", "Unrelated notice", "Something else.", "Notice", ["FR:2025-22900", "CITATION:90 FR 62000"], NoFields);

        var withoutText = await index.LinkAsync(Page, "https://example.invalid/a", "Statement 2025-118", null, "Announcement", [], NoFields);
        var withText = await index.LinkAsync(Page, "https://example.invalid/b", "Statement 2025-119", null, "Announcement", [], NoFields, PressReleaseText);
        // A page that quotes the other notice in its summary keeps that story though its text quotes this one.
        var summaryFirst = await index.LinkAsync(Page, "https://example.invalid/c", "Statement 2025-120", "See 90 FR 62000.", "Announcement", [], NoFields, PressReleaseText);

        Assert.NotEqual(notice, withoutText);
        Assert.Equal(notice, withText);
        Assert.Equal(other, summaryFirst);
    }
}
