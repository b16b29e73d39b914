using System.Security.Cryptography;
using Alerts.Core.Sources;
using Alerts.Core.Sources.FederalRegister;
using Alerts.Core.Watchlists;
using Alerts.Tests.Webhooks;

namespace Alerts.Tests.Watchlists;

/// <summary>Entities read from a BIS rule's full text (Fixtures/federal-register) and screened against watchlists like list entries.</summary>
public sealed class EntityListRuleTests
{
    private static string FixtureHtml() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "federal-register", "entity-list-additions-rule.html"));

    /// <summary>The rule's text as the Federal Register source keeps it: its HTML as plain text.</summary>
    private static string FixtureText() => SafeParsing.HtmlToText(FixtureHtml());

    [Fact]
    public void The_rule_gives_its_added_and_revised_entities_with_list_country_aliases_and_address_and_not_the_removed_one()
    {
        var entities = EntityListRules.Parse(FixtureText());

        // Counted from the document (see the fixture's README): 5 Entity List entries (China 3, Russia 1 revised,
        // Singapore 1) and 1 MEU entry (Russia); the United Arab Emirates entry is removed.
        Assert.Equal(
            [
                ("EL", "China", "Beijing Zhipu Huazhang Technology Co., Ltd."),
                ("EL", "China", "Hefei Lantu Microsystems Co., Ltd."),
                ("EL", "China", "Xi'an Qiyun Optics Research Institute"),
                ("EL", "Russia", "Novosibirsk Radiotekhnika Plant"),
                ("EL", "Singapore", "Lumen Straits Trading Pte. Ltd."),
                ("MEU", "Russia", "Ural Avionics Design Bureau"),
            ],
            entities.Select(e => (e.List, e.Country, e.Name)));
        Assert.DoesNotContain(entities, e => e.Name.Contains("Gulf Horizon", StringComparison.Ordinal));

        Assert.Equal(["Zhipu AI", "Beijing Knowledge Atlas Technology Co., Ltd"], entities[0].Aliases);
        Assert.Equal("Floor 10, Building 9, No. 1, Zhongguancun East Road, Haidian District, Beijing, 100080, China", entities[0].Address);
        Assert.Empty(entities[1].Aliases);
        Assert.Equal("Building A3, No. 800 Wangjiang West Road, High-tech Zone, Hefei, Anhui, China", entities[1].Address);
        Assert.Equal(["QOR Institute"], entities[2].Aliases);
        Assert.Equal(["NRP", "Novosibirskiy Radiotekhnicheskiy Zavod", "AO NRZ"], entities[3].Aliases);
        Assert.Equal("ul. Kirova 86, Novosibirsk, 630102, Russia", entities[3].Address);
        Assert.Empty(entities[4].Aliases);
        Assert.Equal(["UKBA"], entities[5].Aliases);
        Assert.Equal("ul. Lenina 5, Yekaterinburg, 620014, Russia", entities[5].Address);
    }

    [Theory]
    [InlineData("Additions to the Entity List", true)]
    [InlineData("Additions and Revisions to the Entity List", true)]
    [InlineData("Revisions to the Unverified List", true)]
    [InlineData("Addition of Entities to and Revision of Entry on the Entity List", true)]
    [InlineData("Addition of Entities to the Military End-User List", true)]
    [InlineData("Implementation of Additional Export Controls: Certain Advanced Computing Items", false)]
    [InlineData("Removal of Entities From the Entity List", false)]
    public void Entity_rules_are_known_by_their_title(string title, bool expected) =>
        Assert.Equal(expected, EntityListRules.IsEntityRule(title, "Commerce Department; Industry and Security Bureau"));

    [Fact]
    public void Another_agencys_document_is_not_an_entity_rule() =>
        Assert.False(EntityListRules.IsEntityRule("Additions to the Entity List", "Treasury Department; Foreign Assets Control Office"));

    [Fact]
    public void Hostile_or_unrelated_text_gives_no_entities_and_no_exception()
    {
        // No instruction: a huge text, a table without one, markup, the preamble alone.
        Assert.Empty(EntityListRules.Parse(new string('x', 5_000_000)));
        Assert.Empty(EntityListRules.Parse(string.Concat(Enumerable.Repeat("CHINA Beijing Example Co., Ltd. For all items subject to the EAR. Presumption of denial. 90 FR 1. * * * ", 20_000))));
        Assert.Empty(EntityListRules.Parse(SafeParsing.HtmlToText("<script>alert(1)</script><table><tr><td>“Evil”</td></tr></table>" + new string('<', 100_000))));
        Assert.Empty(EntityListRules.Parse(FixtureText()[..FixtureText().IndexOf("Accordingly", StringComparison.Ordinal)]));
        Assert.Empty(EntityListRules.Parse(""));
        Assert.Empty(EntityListRules.Parse(null));

        // An instruction with nothing to read in it: unclosed quotes, no country, thousands of "under".
        Assert.Empty(EntityListRules.Parse("Supplement No. 4 to part 744 is amended by adding under China, entries for “" + new string('a', 500_000) + " as follows"));
        Assert.Empty(EntityListRules.Parse("Supplement No. 4 to part 744 is amended by adding entries for “A Co.” to read as follows"));
        var many = EntityListRules.Parse("Supplement No. 4 to part 744 is amended by " + string.Concat(Enumerable.Repeat("under X, an entry for “Y Co.”; ", 5_000)) + " as follows");
        Assert.True(many.Count <= EntityListRules.MaxEntities);
    }

    [Fact]
    public async Task A_watchlist_entry_matching_one_entity_of_the_rule_gets_one_match_alert_naming_the_rule()
    {
        await using var mine = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "ok", "text/plain"));
        await using var kit = await Kit.CreateAsync();
        await kit.RegisterAsync(mine.BaseUri + "hook", filters: new { topics = new[] { "tariffs" } });
        var created = await kit.Api.CallAsync("CreateWatchlist", kit.Keys.TeamA, new
        {
            name = "Asia customers",
            counterparties = new object[]
            {
                new { name = "Knowledge Atlas Technology (Beijing) Co Ltd", country = "CN", reference = "SAP-2001" },
                new { name = "Acme Robotics GmbH", country = "DE", reference = "SAP-2002" },
            },
        });
        Assert.True(created.Status == 201, created.Body);
        var watchlistId = created.Json.GetProperty("watchlist").GetProperty("id").GetString()!;

        // The rule as the Federal Register source records it: the full text kept as evidence, named by the change.
        var html = Encoding.UTF8.GetBytes(FixtureHtml());
        var sha = Convert.ToHexStringLower(SHA256.HashData(html));
        await kit.Get<EvidenceStore>().StoreAsync(sha, html, "text/html");
        var change = await RuleAsync(kit, "2099-01234", "Additions and Revisions to the Entity List", sha,
            "https://www.federalregister.gov/documents/2099/01/02/2099-01234/additions-and-revisions-to-the-entity-list");

        // Dispatched twice (a redelivered message): one match, one alert, delivered once.
        var found = await kit.Get<WatchlistScreening>().ScreenChangeAsync(change);
        await kit.Get<WatchlistScreening>().ScreenChangeAsync(change);
        var match = Assert.Single(found, m => m.EntryType == "counterparty");
        Assert.Equal("Knowledge Atlas Technology (Beijing) Co Ltd", match.EntryValue);
        Assert.Equal("EL", match.List);
        Assert.Equal("Beijing Knowledge Atlas Technology Co., Ltd", match.MatchedName);
        Assert.Equal("2099-01234", match.ItemKey);
        Assert.Equal("federal-register", match.SourceId);
        Assert.Equal(change.Id, match.ChangeId);
        Assert.True(match.Score >= 0.85, $"score {match.Score}");
        Assert.Contains("atlas", match.Tokens);

        await WatchlistMatchAlertTests.DrainDispatchQueueAsync(kit);
        await kit.DrainDeliverQueueAsync();
        var body = JsonDocument.Parse(Assert.Single(mine.Requests).Body).RootElement;
        Assert.Equal("watchlist.match", body.GetProperty("type").GetString());
        Assert.Equal(change.Id, body.GetProperty("data").GetProperty("changeId").GetString());
        Assert.Equal("Knowledge Atlas Technology (Beijing) Co Ltd", body.GetProperty("data").GetProperty("watchlistMatch").GetProperty("entryValue").GetString());
        var listed = (await kit.Api.CallAsync("ListWatchlistMatches", kit.Keys.TeamA, id: watchlistId)).Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Single(listed, m => m.GetProperty("changeId").GetString() == change.Id);
    }

    [Fact]
    public async Task A_rule_whose_full_text_was_not_kept_screens_no_counterparty()
    {
        await using var kit = await Kit.CreateAsync();
        var created = await kit.Api.CallAsync("CreateWatchlist", kit.Keys.TeamA, new
        {
            name = "Asia customers",
            counterparties = new object[] { new { name = "Zhipu AI", country = "CN" } },
        });
        Assert.True(created.Status == 201, created.Body);
        var change = await RuleAsync(kit, "2099-05678", "Additions to the Entity List", new string('0', 64));

        Assert.Empty(await kit.Get<WatchlistScreening>().RuleEntitiesAsync(change));
        Assert.Empty(await kit.Get<WatchlistScreening>().ScreenChangeAsync(change));
    }

    /// <summary>A BIS rule recorded by the Federal Register source, its full text named by <paramref name="sha"/> (evidence).</summary>
    private static async Task<ChangeRecord> RuleAsync(Kit kit, string number, string title, string sha, string? url = null) =>
        (await kit.Get<ChangeLogStore>().AppendAsync(new ChangeRecord
        {
            Id = ChangeRecord.NewId("federal-register", number, null, "v1"),
            SourceId = "federal-register",
            ItemKey = number,
            ChangeType = ChangeType.Added,
            Title = title,
            Url = url,
            DocumentType = "Rule",
            ContentVersion = "v1",
            DetectedAt = kit.Clock.GetUtcNow(),
            Matched = ["fulltext:sha256:" + sha],
        })).Change;
}
