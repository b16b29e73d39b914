using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Alerts.Core.Polling;
using Alerts.Core.Watchlists;

namespace Alerts.Tests.Sources.FederalRegister;

/// <summary>Documents whose metadata is too thin to classify are read in full, once, through the source's own fetcher.</summary>
public sealed class FullTextTests
{
    private const string ProclamationText =
        "<html><body><pre>Proclamation 11000 of January 14, 2026\nAdjusting Imports of Certain Derivative Products Into the United States\n" +
        "By the President of the United States of America\nA Proclamation\n1. On April 1, 2025, the Secretary of Commerce initiated an investigation " +
        "under section 232 of the Trade Expansion Act of 1962 ... 8. Clause 2 of this proclamation imposes an additional ad valorem duty of 25 percent " +
        "on advanced computing chips meeting the parameters of ECCN 3A090 and on semiconductor manufacturing equipment classified in heading 8486.\n" +
        "Annex I: new heading 9903.79.01.</pre></body></html>";

    private static JsonObject Doc(string number, string type, string title, string? @abstract) => new()
    {
        ["title"] = title,
        ["type"] = type,
        ["abstract"] = @abstract,
        ["document_number"] = number,
        ["html_url"] = $"https://www.federalregister.gov/documents/2026/01/15/{number}/x",
        ["raw_text_url"] = $"https://www.federalregister.gov/documents/full_text/text/2026/01/15/{number}.txt",
        ["publication_date"] = "2026-01-15",
        ["agencies"] = new JsonArray(new JsonObject
        {
            ["raw_name"] = "Executive Office of the President", ["name"] = "Executive Office of the President", ["slug"] = "executive-office-of-the-president"
        }),
        ["citation"] = "91 FR 2000",
        ["regulation_id_numbers"] = new JsonArray(),
        ["docket_ids"] = new JsonArray(),
        ["cfr_references"] = new JsonArray(),
        ["action"] = type == "Presidential Document" ? null : "Final rule.",
    };

    /// <summary>documents.json lists a proclamation (no abstract), a rule without abstract (its text is gone: 404) and a notice with an abstract.</summary>
    private static Task Server(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (path == "/api/v1/documents.json")
        {
            if (ctx.Request.Query.ContainsKey("conditions[term]"))
            {
                return LocalServer.Respond(ctx, FederalRegisterServer.Fixture("no-results.json"));
            }

            var page = new JsonObject
            {
                ["count"] = 3,
                ["results"] = new JsonArray(
                    Doc("2026-00700", "Presidential Document", "Adjusting Imports of Certain Derivative Products Into the United States", null),
                    Doc("2026-00701", "Rule", "Entity List Additions", null),
                    Doc("2026-00702", "Notice", "Notice of Request for Public Comments on Section 232 National Security Investigation of Imports of Semiconductors",
                        "The Secretary of Commerce initiated an investigation to determine the effects on national security of imports of semiconductors and semiconductor manufacturing equipment.")),
            };
            return LocalServer.Respond(ctx, page.ToJsonString());
        }

        if (path.EndsWith("2026-00700.txt", StringComparison.Ordinal))
        {
            return LocalServer.Respond(ctx, ProclamationText, "text/html; charset=utf-8");
        }

        return LocalServer.Respond(ctx, "not found", "text/plain", 404);
    }

    private static int FullTextRequests(LocalServer server) => server.Requests.Count(r => r.PathAndQuery.Contains("/full_text/", StringComparison.Ordinal));

    [Fact]
    public async Task A_proclamation_with_no_abstract_is_classified_from_its_full_text_fetched_once_and_kept_as_evidence()
    {
        await using var server = await LocalServer.StartAsync(Server);
        await using var t = await TestServices.CreateAsync(FederalRegisterServer.Settings(server.BaseUri));
        var poller = t.Get<PollService>();

        var first = await poller.PollAsync("federal-register");

        Assert.True(first.Ok, first.Error);
        // One extra request per thin new document (the proclamation and the rule without abstract), none for the notice.
        Assert.Equal(2, FullTextRequests(server));
        Assert.DoesNotContain(server.Requests, r => r.PathAndQuery.Contains("2026-00702.txt", StringComparison.Ordinal));
        Assert.Equal(1 + 3 + 2, first.Requests);
        var byKey = first.Recorded.ToDictionary(c => c.ItemKey);
        var proclamation = byKey["2026-00700"];
        Assert.Equal(["ai-chips", "chip-equipment", "tariffs"], proclamation.Topics);
        // Which part of the text matched, by character offset, and the text's hash in the evidence store.
        Assert.Contains(proclamation.Matched, m => m.StartsWith("ai-chips:3A090@fulltext:", StringComparison.Ordinal));
        Assert.Contains("tariffs:adjusting imports@title", proclamation.Matched);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ProclamationText)));
        Assert.Contains("fulltext:sha256:" + sha, proclamation.Matched);
        var stored = await t.Get<EvidenceStore>().OpenAsync(sha);
        Assert.NotNull(stored);
        await stored!.Content.DisposeAsync();
        // A text that cannot be fetched leaves the document recorded, classified on its metadata.
        Assert.Equal(["entity-list"], byKey["2026-00701"].Topics);
        Assert.DoesNotContain(byKey["2026-00701"].Matched, m => m.StartsWith("fulltext:", StringComparison.Ordinal));

        server.Requests.Clear();
        var second = await poller.PollAsync("federal-register");

        // The same day is read again (late documents), but documents already recorded are not read in full again.
        Assert.True(second.Ok, second.Error);
        Assert.Empty(second.Recorded);
        Assert.Equal(0, FullTextRequests(server));
        Assert.Equal(4, second.Requests);
    }

    [Fact]
    public async Task Full_text_can_be_turned_off_and_is_capped_per_poll()
    {
        await using var server = await LocalServer.StartAsync(Server);
        var settings = FederalRegisterServer.Settings(server.BaseUri);
        settings["Alerts:Sources:federal-register:Settings:maxFullText"] = "1";
        await using var t = await TestServices.CreateAsync(settings);

        var capped = await t.Get<PollService>().PollAsync("federal-register");

        Assert.True(capped.Ok, capped.Error);
        Assert.Equal(1, FullTextRequests(server));

        await using var server2 = await LocalServer.StartAsync(Server);
        var off = FederalRegisterServer.Settings(server2.BaseUri);
        off["Alerts:Sources:federal-register:Settings:fullText"] = "off";
        await using var t2 = await TestServices.CreateAsync(off);

        var result = await t2.Get<PollService>().PollAsync("federal-register");

        Assert.True(result.Ok, result.Error);
        Assert.Equal(0, FullTextRequests(server2));
        // Without its text the proclamation names no chip: it is not a chip tariff.
        Assert.Empty(result.Recorded.Single(c => c.ItemKey == "2026-00700").Topics);
    }
    [Fact]
    public async Task A_BIS_rule_adding_entities_is_read_from_its_body_html_despite_its_abstract_and_its_entities_are_screened()
    {
        var html = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "federal-register", "entity-list-additions-rule.html"));
        await using var server = await LocalServer.StartAsync(ctx =>
        {
            var path = ctx.Request.Path.Value ?? "";
            if (path == "/api/v1/documents.json")
            {
                if (ctx.Request.Query.ContainsKey("conditions[term]"))
                {
                    return LocalServer.Respond(ctx, FederalRegisterServer.Fixture("no-results.json"));
                }

                var rule = Doc("2026-00800", "Rule", "Additions and Revisions to the Entity List", "In this rule, BIS amends the EAR by adding four entities to the Entity List.");
                rule["agencies"] = new JsonArray(new JsonObject
                {
                    ["raw_name"] = "Industry and Security Bureau", ["name"] = "Industry and Security Bureau", ["slug"] = "industry-and-security-bureau",
                });
                rule["body_html_url"] = "https://www.federalregister.gov/documents/full_text/html/2026/01/15/2026-00800.html";
                return LocalServer.Respond(ctx, new JsonObject { ["count"] = 1, ["results"] = new JsonArray(rule) }.ToJsonString());
            }

            return path.EndsWith("2026-00800.html", StringComparison.Ordinal)
                ? LocalServer.Respond(ctx, html, "text/html; charset=utf-8")
                : LocalServer.Respond(ctx, "not found", "text/plain", 404);
        });
        await using var t = await TestServices.CreateAsync(FederalRegisterServer.Settings(server.BaseUri));

        var poll = await t.Get<PollService>().PollAsync("federal-register");

        Assert.True(poll.Ok, poll.Error);
        // The HTML (its tables keep each entry's cell whole), not the plain text, though the rule has an abstract.
        Assert.Single(server.Requests, r => r.PathAndQuery.EndsWith("2026-00800.html", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Requests, r => r.PathAndQuery.EndsWith("2026-00800.txt", StringComparison.Ordinal));
        var change = Assert.Single(poll.Recorded);
        var entities = await t.Get<WatchlistScreening>().RuleEntitiesAsync(change);
        Assert.Equal(6, entities.Count);
        Assert.All(entities, e => Assert.Equal("2026-00800", e.ItemKey));
        Assert.Equal(["EL", "EL", "EL", "EL", "EL", "MEU"], entities.Select(e => e.List));
    }
}
