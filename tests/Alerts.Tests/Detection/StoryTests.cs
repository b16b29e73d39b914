using Alerts.Core.Detection;
using Alerts.Core.Polling;
using Alerts.Core.Sources;

namespace Alerts.Tests.Detection;

public sealed class StoryTests
{
    private static SourceDefinition Source(string id, string kind) => new() { Id = id, Kind = kind, Jurisdiction = "US", DefaultBaseUrl = "https://example.invalid" };

    [Theory]
    [InlineData("Commerce adds 140 Chinese entities to Entity List in chip crackdown", "US adds 140 Chinese firms to entity list in new chip crackdown")]
    [InlineData("Nvidia says US requires licence for H20 chip exports to China", "US requires licence for Nvidia H20 chip exports to China, company says")]
    [InlineData("商务部 海关总署公告2023年第23号 关于对镓、锗相关物项实施出口管制的公告", "关于对镓、锗相关物项实施出口管制的公告")]
    public void Titles_of_the_same_event_are_similar(string a, string b)
    {
        Assert.True(TitleSimilarity.Similarity(a, b) >= TitleSimilarity.Threshold, $"{TitleSimilarity.Similarity(a, b):0.00}");
    }

    [Theory]
    [InlineData("Nvidia says US requires licence for H20 chip exports to China", "Netherlands expands export restrictions on ASML chipmaking machines")]
    [InlineData("China bans exports of gallium, germanium and antimony to the United States", "China launches anti-dumping probe into US analog chips")]
    [InlineData("Additions to the Entity List", "Revision of Firearms License Requirements")]
    [InlineData("US raises tariffs on steel and aluminum imports to 50%", "US imposes 100% tariff on semiconductors")]
    public void Titles_of_different_events_are_not(string a, string b)
    {
        Assert.True(TitleSimilarity.Similarity(a, b) < TitleSimilarity.Threshold, $"{TitleSimilarity.Similarity(a, b):0.00}");
    }

    [Fact]
    public async Task A_rule_its_entity_list_entries_its_ecfr_sections_and_its_press_release_are_one_story_across_sources_and_restarts()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 12, 2, 15, 0, 0, TimeSpan.Zero));
        await using var t = await TestServices.CreateAsync(clock: clock);
        var index = t.Get<StoryIndex>();

        // The Entity List entry arrives first (its source polled earlier), citing the rule's Federal Register page.
        var entry = await index.LinkAsync(Source("csl-entity-list", "screening-list"), "el-piotech", "Piotech Inc.", null, "Entity List Entry",
            ["CITATION:89 FR  96830 "], new Dictionary<string, string> { ["federal_register_notice"] = "89 FR 96830" });
        clock.Advance(TimeSpan.FromHours(3));
        var rule = await index.LinkAsync(Source("federal-register", "federal-register"), "2024-28267", "Additions and Modifications to the Entity List", null, "Rule",
            ["FR:2024-28267", "CITATION:89 FR 96830", "RIN:0694-AJ88"],
            new Dictionary<string, string> { ["effective_on"] = "2024-12-02", ["cfr_references"] = "15 CFR 744" });

        // A fresh index over the same table (a restart, another host) keeps linking.
        var restarted = new StoryIndex(t.Get<AlertsStorage>(), clock);
        clock.Advance(TimeSpan.FromDays(1));
        var section = await restarted.LinkAsync(Source("ecfr-ear", "ecfr"), "744 Supp. 4", "Supplement No. 4 to Part 744—Entity List", null, "CFR Section",
            ["CFR:15 CFR 744 Supp. 4", "AMENDED:2024-12-02"], new Dictionary<string, string>());
        var press = await restarted.LinkAsync(Source("bis-press", "feed"), "pr-1", "Commerce adds 140 entities to the Entity List", "The rule (89 FR 96830) adds entities...", "Press Release",
            [], new Dictionary<string, string>());
        var correction = await restarted.LinkAsync(Source("federal-register", "federal-register"), "2024-29999", "Additions and Modifications to the Entity List; Correction", null, "Rule",
            ["FR:2024-29999", "CITATION:89 FR 99999", "CORRECTS:2024-28267"], new Dictionary<string, string>());
        var other = await restarted.LinkAsync(Source("federal-register", "federal-register"), "2024-30000", "Revision of Firearms License Requirements", null, "Rule",
            ["FR:2024-30000", "CITATION:89 FR 34680", "RIN:0694-AJ44"], new Dictionary<string, string>());

        Assert.Equal(entry, rule);
        Assert.Equal(rule, section);
        Assert.Equal(rule, press);
        Assert.Equal(rule, correction);
        Assert.NotEqual(rule, other);
        Assert.Equal(rule, await restarted.FindAsync("RIN:0694-AJ88"));
    }

    [Fact]
    public async Task News_joins_the_story_of_a_similar_recent_title_and_linking_again_gives_the_same_story()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 4, 15, 12, 0, 0, TimeSpan.Zero));
        await using var t = await TestServices.CreateAsync(clock: clock);
        var index = t.Get<StoryIndex>();
        var news = Source("news", "feed");

        var first = await index.LinkAsync(news, "n1", "Nvidia says US requires licence for H20 chip exports to China", null, "News", [], new Dictionary<string, string>());
        clock.Advance(TimeSpan.FromHours(2));
        var second = await index.LinkAsync(news, "n2", "US requires licence for Nvidia H20 chip exports to China, company says", null, "News", [], new Dictionary<string, string>());
        var unrelated = await index.LinkAsync(news, "n3", "Netherlands expands export restrictions on ASML chipmaking machines", null, "News", [], new Dictionary<string, string>());
        var again = await index.LinkAsync(news, "n1", "Nvidia says US requires licence for H20 chip exports to China", null, "News", [], new Dictionary<string, string>());
        clock.Advance(StoryIndex.TitleWindow + TimeSpan.FromDays(1));
        var muchLater = await index.LinkAsync(news, "n4", "Nvidia says US requires licence for H20 chip exports to China again", null, "News", [], new Dictionary<string, string>());

        Assert.Equal(first, second);
        Assert.NotEqual(first, unrelated);
        Assert.Equal(first, again);
        Assert.NotEqual(first, muchLater);
    }

    [Fact]
    public async Task Titles_are_compared_within_their_window_only_and_older_ones_are_deleted_so_the_state_stays_small()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
        await using var t = await TestServices.CreateAsync(clock: clock);
        var index = t.Get<StoryIndex>();
        var news = Source("news", "feed");
        var table = t.Get<AlertsStorage>().Table(StorageNames.Stories);

        // A year of news, a different title every five days.
        var last = "";
        for (var day = 0; day < 365; day += 5)
        {
            last = await index.LinkAsync(news, "n" + day, $"Ministry issues export rule number {day} on gallium compound {day * 7}", null, "News", [], new Dictionary<string, string>());
            clock.Advance(TimeSpan.FromDays(5));
        }

        var titleRows = 0;
        await foreach (var e in table.QueryAsync<TableEntity>("PartitionKey ge 'title' and PartitionKey lt 'title}'", select: ["PartitionKey"]))
        {
            titleRows++;
        }

        Assert.InRange(titleRows, 1, 3); // the window's days, not the year's 73
        // Five days after the last one, a similar title still joins its story.
        Assert.Equal(last, await index.LinkAsync(news, "r", "Ministry issues export rule number 360 on gallium compound 2520", null, "News", [], new Dictionary<string, string>()));
    }

    // ------------------------------------------------------------------ through the poller, on a local Federal Register

    private static string Document(string number, string title, string @abstract, string citation, string? correctionOf = null, string date = "2025-01-15") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["document_number"] = number,
            ["title"] = title,
            ["type"] = "Rule",
            ["abstract"] = @abstract,
            ["publication_date"] = date,
            ["html_url"] = $"https://www.federalregister.gov/d/{number}",
            ["citation"] = citation,
            ["regulation_id_numbers"] = new[] { "0694-AJ90" },
            ["agencies"] = new[] { new Dictionary<string, string> { ["name"] = "Industry and Security Bureau", ["raw_name"] = "BUREAU OF INDUSTRY AND SECURITY" } },
            ["action"] = correctionOf is null ? "Interim final rule." : "Interim final rule; correction.",
            ["correction_of"] = correctionOf,
            ["cfr_references"] = new[] { new Dictionary<string, object> { ["title"] = 15, ["part"] = 740 } },
            ["effective_on"] = date,
        });

    private static Func<HttpContext, Task> Serve(Func<string[]> documents) => ctx =>
        LocalServer.Respond(ctx, $$"""{"count":{{documents().Length}},"total_pages":1,"results":[{{string.Join(",", documents())}}]}""");

    private static async Task<(TestServices Services, LocalServer Server)> StartAsync(FakeTimeProvider clock, Func<string[]> documents)
    {
        var server = await LocalServer.StartAsync(Serve(documents));
        var services = await TestServices.CreateAsync(TestServices.PointAt("federal-register", server.BaseUri, new Dictionary<string, string?>
        {
            ["Alerts:Sources:federal-register:Settings:terms"] = "",
        }), clock);
        return (services, server);
    }

    [Fact]
    public async Task A_rule_and_its_correction_polled_days_apart_carry_the_same_story_id()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 15, 12, 0, 0, TimeSpan.Zero));
        var docs = new List<string> { Document("2025-00636", "Framework for Artificial Intelligence Diffusion", "Controls on 3A090 and model weights (4E091).", "90 FR 4544") };
        var (t, server) = await StartAsync(clock, () => [.. docs]);
        await using (server)
        await using (t)
        {
            var poller = t.Get<PollService>();
            var first = await poller.PollAsync("federal-register");
            clock.Advance(TimeSpan.FromDays(3));
            docs.Add(Document("2025-01111", "Framework for Artificial Intelligence Diffusion; Correction", "Corrects a cross-reference in 4E091.", "90 FR 6000", "2025-00636", "2025-01-18"));
            var second = await poller.PollAsync("federal-register");

            var rule = Assert.Single(first.Recorded);
            var correction = Assert.Single(second.Recorded);
            Assert.NotNull(rule.StoryId);
            Assert.Equal(rule.StoryId, correction.StoryId);
            Assert.Equal(Severity.Low, correction.Severity);
            Assert.Contains("ai-chips", rule.Topics);
            Assert.Equal(rule.StoryId, (await t.Get<ChangeLogStore>().ReadRangeAsync(1, 2))[1].StoryId); // stored in the log
            Assert.True((await t.Get<ChangeLogVerifier>().VerifyAsync()).Ok);
        }
    }

    private const string VersionA = "Controls on 3A090 items, version A.";
    private const string VersionB = "Controls on 3A090 and 4A090 items, version B.";

    /// <summary>Serves one Federal Register document whose abstract takes each of <paramref name="versions"/> in turn,
    /// polling once per version and advancing the clock by <paramref name="minutesBetween"/> after each poll.</summary>
    private static async Task<List<ChangeRecord>> PollFlipsAsync(string[] versions, int minutesBetween)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 15, 12, 0, 0, TimeSpan.Zero));
        var current = versions[0];
        var (t, server) = await StartAsync(clock, () => [Document("2025-00636", "Framework for Artificial Intelligence Diffusion", current, "90 FR 4544")]);
        await using (server)
        await using (t)
        {
            var poller = t.Get<PollService>();
            var recorded = new List<ChangeRecord>();
            foreach (var version in versions)
            {
                current = version;
                recorded.AddRange((await poller.PollAsync("federal-register")).Recorded);
                clock.Advance(TimeSpan.FromMinutes(minutesBetween));
            }
            return recorded;
        }
    }

    [Fact]
    public async Task A_document_flipping_between_two_versions_within_an_hour_is_recorded_once_with_both_versions()
    {
        var recorded = await PollFlipsAsync([VersionA, VersionB, VersionA, VersionB, VersionA, VersionB], minutesBetween: 10);

        Assert.Equal([ChangeType.Added, ChangeType.Modified], recorded.Select(r => r.ChangeType));
        var change = recorded[1];
        Assert.Contains(change.Diff, d => d.Field == "abstract" && d.Before == VersionA && d.After == VersionB);
    }

    [Fact]
    public async Task The_same_flips_more_than_an_hour_apart_are_recorded_as_real_changes()
    {
        var recorded = await PollFlipsAsync([VersionA, VersionB, VersionA, VersionB], minutesBetween: 70);

        Assert.Equal([ChangeType.Added, ChangeType.Modified, ChangeType.Modified, ChangeType.Modified], recorded.Select(r => r.ChangeType));
        Assert.Single(recorded.Select(r => r.StoryId).Distinct());
    }

    [Fact]
    public async Task A_flip_that_settles_on_the_other_version_is_recorded_once_the_hour_has_passed()
    {
        var recorded = await PollFlipsAsync(
            [VersionA, VersionB, VersionA, VersionA, VersionA, VersionA, VersionA, VersionA, VersionA], minutesBetween: 10);

        Assert.Equal([ChangeType.Added, ChangeType.Modified, ChangeType.Modified], recorded.Select(r => r.ChangeType));
        Assert.Contains(recorded[2].Diff, d => d.Field == "abstract" && d.Before == VersionB && d.After == VersionA);
    }
}
