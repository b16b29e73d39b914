using Alerts.Core.Detection;
using Alerts.Core.Sources;

namespace Alerts.Tests.Detection;

/// <summary>Documents that act together (a rule and its suspension, the steps of one docket) are one story where they say so.</summary>
public sealed class EventStoryTests
{
    private static readonly SourceDefinition FederalRegister = new() { Id = "federal-register", Kind = "federal-register", Jurisdiction = "US", DefaultBaseUrl = "https://example.invalid" };

    private static Dictionary<string, string> Fields(string action, string dockets = "") => new() { ["action"] = action, ["docket_ids"] = dockets };

    [Fact]
    public void A_suspension_names_the_rule_it_suspends_as_a_link_key_after_its_own()
    {
        var keys = StoryKeys.Of(["FR:2025-20551", "CITATION:90 FR 50857", "RIN:0694-AK35"], Fields("Final rule; suspension."), "Rule",
            "Suspension of the Affiliates Rule",
            "BIS suspends for one year the interim final rule published at 90 FR 47201 on September 30, 2025 (FR Doc. 2025-17893).");

        Assert.Equal(["FR:2025-20551", "CITATION:90 FR 50857", "RIN:0694-AK35", "CITATION:90 FR 47201", "FR:2025-17893"], keys.Select(k => k.Key));
    }

    [Fact]
    public void A_rule_that_only_cites_earlier_rules_is_not_linked_to_them()
    {
        var keys = StoryKeys.Of(["FR:2025-11420", "CITATION:90 FR 44550"], Fields("Final rule."), "Rule", "Entity List Additions",
            "BIS adds 23 entities to the Entity List under the criteria described in the rule published at 89 FR 96830.");

        Assert.DoesNotContain(keys, k => k.Key == "CITATION:89 FR 96830");
    }

    [Fact]
    public void The_steps_of_one_docket_share_a_link_key()
    {
        var initiation = StoryKeys.Of(["FR:2024-30000"], Fields("Notice of initiation of investigation.", "USTR-2024-0027"), "Notice", "Initiation of Section 301 Investigation", null);
        var determination = StoryKeys.Of(["FR:2025-22800"], Fields("Notice of determination and action.", "USTR-2024-0027"), "Notice", "Notice of Determination and Action", null);

        Assert.Contains(initiation, k => k.Key == "DOCKET:USTR-2024-0027");
        Assert.Contains(determination, k => k.Key == "DOCKET:USTR-2024-0027");
    }

    [Fact]
    public async Task A_rule_its_suspension_weeks_later_and_the_news_quoting_it_are_one_story()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 9, 30, 12, 0, 0, TimeSpan.Zero));
        await using var t = await TestServices.CreateAsync(clock: clock);
        var index = t.Get<StoryIndex>();

        var rule = await index.LinkAsync(FederalRegister, "2025-17893", "Expansion of End-User Controls To Cover Affiliates of Certain Listed Entities",
            "BIS extends Entity List license requirements to entities 50 percent or more owned by listed entities.", "Rule",
            ["FR:2025-17893", "CITATION:90 FR 47201", "RIN:0694-AK25"], Fields("Interim final rule.", "Docket No. 250925-0160"));
        clock.Advance(TimeSpan.FromDays(41));
        var suspension = await index.LinkAsync(FederalRegister, "2025-20551", "Suspension of the Affiliates Rule",
            "BIS suspends until November 10, 2026 the interim final rule published at 90 FR 47201.", "Rule",
            ["FR:2025-20551", "CITATION:90 FR 50857", "RIN:0694-AK35"], Fields("Final rule; suspension.", "Docket No. 251105-0180"));
        var news = await index.LinkAsync(new SourceDefinition { Id = "news", Kind = "feed", Official = false, DefaultBaseUrl = "https://example.invalid" },
            "n-1", "US suspends rule on affiliates of blacklisted firms", "The suspension (90 FR 50857) pauses the September rule for a year.", "News", [], new Dictionary<string, string>());
        var unrelated = await index.LinkAsync(FederalRegister, "2025-20600", "Revisions to the Firearms Export Controls", "BIS revises controls on firearms.", "Rule",
            ["FR:2025-20600", "CITATION:90 FR 51000", "RIN:0694-AK10"], Fields("Final rule."));

        Assert.Equal(rule, suspension);
        Assert.Equal(rule, news);
        Assert.NotEqual(rule, unrelated);
        // The suspension's own keys now lead to the same story too.
        Assert.Equal(rule, await index.FindAsync("CITATION:90 FR 50857"));
    }
}
