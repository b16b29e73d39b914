using System.Text.Json.Nodes;
using Alerts.Core.Polling;
using Alerts.Core.Sources.ScreeningList;
using Alerts.Server.Cli;

namespace Alerts.Tests.Faults;

/// <summary>
/// An implausible answer of a complete-snapshot source (empty, header-only, truncated, a large drop) is held as a suspect
/// fetch: nothing recorded, nothing dispatched, the cursor and validators unmoved, the source failing with the reason and
/// one operator alert; the same content again, or an operator's confirmation, records the removals once.
/// Real sources against local servers, on Azurite.
/// </summary>
public sealed class SuspectFetchTests
{
    private const string Csl = "csl-entity-list";
    private const string Page = "mofcom-export-control";
    private const string GitHub = "github-policy-repo";

    private static byte[] CorpusJson => File.ReadAllBytes(OfficialSupport.Corpus("trade-gov-csl", "csl-api-v2-entity-list-results-fixture.json"));

    private static byte[] CorpusCsv => File.ReadAllBytes(OfficialSupport.Corpus("trade-gov-csl", "csl-consolidated-current-format-sample.csv"));

    private static string ETag(byte[] body) => "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body))[..16] + "\"";

    /// <summary>Plays the screening list's bulk file with a strong ETag (304 when unchanged).</summary>
    private static Func<HttpContext, Task> Bulk(Func<byte[]> body, bool csv = false) => ctx => ctx.Request.Path.Value switch
    {
        ScreeningListSource.JsonPath when !csv => OfficialSupport.ServeBytes(ctx, body(), "application/json", ETag(body())),
        ScreeningListSource.CsvPath when csv => OfficialSupport.ServeBytes(ctx, body(), "text/csv", ETag(body())),
        _ => Task.Run(() => ctx.Response.StatusCode = 404),
    };

    private static async Task<int> DispatchMessagesAsync(TestServices t)
    {
        var queue = t.Get<AlertsStorage>().Queue(StorageNames.DispatchQueue);
        try
        {
            return (await queue.PeekMessagesAsync(32)).Value.Length;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }
    }

    /// <summary>Zero changes recorded, nothing dispatched, health failing with the reason, cursor and validators unmoved, one operator alert.</summary>
    private static async Task AssertHeldAsync(TestServices t, string id, SourcePollResult result, SourceState before, string reason)
    {
        Assert.False(result.Ok);
        Assert.Empty(result.Recorded);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Contains("suspect fetch", result.Error, StringComparison.Ordinal);
        Assert.Null(await t.Get<ChangeLogStore>().ReadHeadAsync());
        Assert.Equal(0, await DispatchMessagesAsync(t));
        var state = await t.Get<SourceStateStore>().GetAsync(id);
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.Equal(result.Error, state.LastError);
        Assert.NotNull(state.SuspectFingerprint);
        Assert.Equal(before.Cursor, state.Cursor);
        Assert.Equal(JsonSerializer.Serialize(before.Validators), JsonSerializer.Serialize(state.Validators));
        var alert = Assert.Single(await t.Get<OperatorAlerts>().ListAsync(id));
        Assert.Equal(OperatorAlerts.Failing, alert.Kind);
        Assert.Contains(reason, alert.Error, StringComparison.Ordinal);
    }

    /// <summary>The confirming poll records exactly the removals, once; a poll after it records nothing more.</summary>
    private static async Task AssertRecordedOnceAsync(TestServices t, string id, SourcePollResult confirmed, int removed)
    {
        Assert.True(confirmed.Ok, confirmed.Error);
        Assert.Equal(removed, confirmed.Recorded.Count);
        Assert.All(confirmed.Recorded, c => Assert.Equal(ChangeType.Removed, c.ChangeType));
        Assert.Equal(removed, await DispatchMessagesAsync(t));
        var again = await t.Get<PollService>().PollAsync(id);
        Assert.True(again.Ok, again.Error);
        Assert.Empty(again.Recorded);
        Assert.Equal(removed, (await t.Get<ChangeLogStore>().ReadHeadAsync())!.Value.Sequence);
        var state = await t.Get<SourceStateStore>().GetAsync(id);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Null(state.SuspectFingerprint);
        Assert.False(state.SuspectConfirmed);
    }

    [Fact]
    public async Task An_empty_screening_list_is_held_and_the_same_answer_on_the_next_poll_records_the_removals_once()
    {
        var body = CorpusJson;
        await using var server = await LocalServer.StartAsync(Bulk(() => body));
        await using var t = await TestServices.CreateAsync(TestServices.PointAt(Csl, server.BaseUri));
        var poller = t.Get<PollService>();
        var baseline = await poller.PollAsync(Csl);
        Assert.True(baseline.Baseline);
        var live = baseline.ItemsRead;
        var before = await t.Get<SourceStateStore>().GetAsync(Csl);

        body = "[]"u8.ToArray();
        var held = await poller.PollAsync(Csl);

        await AssertHeldAsync(t, Csl, held, before, "no entries at all");
        var confirmed = await poller.PollAsync(Csl);
        await AssertRecordedOnceAsync(t, Csl, confirmed, live);
    }

    [Fact]
    public async Task A_header_only_CSV_is_held_until_an_operator_confirms_it_with_the_command_line()
    {
        var body = CorpusCsv;
        await using var server = await LocalServer.StartAsync(Bulk(() => body, csv: true));
        await using var t = await TestServices.CreateAsync(TestServices.PointAt(Csl, server.BaseUri, new Dictionary<string, string?> { [$"Alerts:Sources:{Csl}:Settings:format"] = "csv" }));
        var poller = t.Get<PollService>();
        var live = (await poller.PollAsync(Csl)).ItemsRead;
        var before = await t.Get<SourceStateStore>().GetAsync(Csl);
        var text = Encoding.UTF8.GetString(body);
        body = Encoding.UTF8.GetBytes(text[..(text.IndexOf('\n', StringComparison.Ordinal) + 1)]);
        var settings = t.Settings.ToDictionary();
        var nothingHeld = await AlertsCli.RunAsync(["sources", "confirm", Csl], new StringWriter(), new StringWriter(), settings: settings);

        var held = await poller.PollAsync(Csl);
        await AssertHeldAsync(t, Csl, held, before, "no entries at all");
        var stdout = new StringWriter();
        var exit = await AlertsCli.RunAsync(["sources", "confirm", Csl], stdout, new StringWriter(), settings: settings);
        var confirmed = await poller.PollAsync(Csl);

        Assert.Equal(AlertsCli.Usage, nothingHeld);
        Assert.Equal(AlertsCli.Ok, exit);
        Assert.Contains("confirmed", stdout.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, live);
        await AssertRecordedOnceAsync(t, Csl, confirmed, live);
    }

    [Fact]
    public async Task A_truncated_CSV_is_a_large_drop_held_until_an_operator_confirms_it_through_the_API()
    {
        var body = CorpusCsv;
        await using var server = await LocalServer.StartAsync(Bulk(() => body, csv: true));
        await using var t = await TestServices.CreateAsync(TestServices.PointAt(Csl, server.BaseUri, new Dictionary<string, string?> { [$"Alerts:Sources:{Csl}:Settings:format"] = "csv" }));
        var poller = t.Get<PollService>();
        await poller.PollAsync(Csl);
        var before = await t.Get<SourceStateStore>().GetAsync(Csl);
        // The transfer cut short after the first listed entry: the rest of the file is missing.
        var lines = Encoding.UTF8.GetString(body).Split('\n');
        var firstListed = Array.FindIndex(lines, l => l.Contains("(EL)", StringComparison.Ordinal) || l.Contains("(MEU)", StringComparison.Ordinal) || l.Contains("(UVL)", StringComparison.Ordinal));
        body = Encoding.UTF8.GetBytes(string.Join('\n', lines[..(firstListed + 1)]) + "\n");

        var held = await poller.PollAsync(Csl);
        await AssertHeldAsync(t, Csl, held, before, "would remove 2 of 3 recorded entries");
        var (status, response) = await CallAsync(t, "ConfirmSource", Csl);
        var confirmed = await poller.PollAsync(Csl);

        Assert.Equal(202, status);
        Assert.True(response!.RootElement.GetProperty("confirmed").GetBoolean());
        await AssertRecordedOnceAsync(t, Csl, confirmed, 2);
        var (nothing, problem) = await CallAsync(t, "ConfirmSource", Csl);
        Assert.Equal(409, nothing);
        Assert.EndsWith("/nothing-to-confirm", problem!.RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_that_loses_most_of_its_entries_is_held_and_a_page_back_to_normal_records_nothing()
    {
        var full = File.ReadAllText(Path.Combine(Paths.Fixtures, "pages", "mofcom-export-control.html"));
        var entryLines = full.Split('\n').Where(l => l.TrimStart().StartsWith("<li><a href=\"/article/zcfg/gnzcfg/", StringComparison.Ordinal)).ToList();
        var dropped = string.Join('\n', full.Split('\n').Where(l => !entryLines.Skip(1).Contains(l)));
        var body = full;
        await using var server = await LocalServer.StartAsync(async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
        });
        await using var t = await TestServices.CreateAsync(TestServices.PointAt(Page, server.BaseUri));
        var poller = t.Get<PollService>();
        Assert.Equal(5, (await poller.PollAsync(Page)).ItemsRead);
        var before = await t.Get<SourceStateStore>().GetAsync(Page);

        body = dropped;
        var held = await poller.PollAsync(Page);
        await AssertHeldAsync(t, Page, held, before, "would remove 4 of 5 recorded entries (80%, over the 20% limit");

        body = full;
        var back = await poller.PollAsync(Page);
        Assert.True(back.Ok, back.Error);
        Assert.Empty(back.Recorded);
        Assert.Null((await t.Get<SourceStateStore>().GetAsync(Page)).SuspectFingerprint);

        Assert.Equal([OperatorAlerts.Recovered, OperatorAlerts.Failing], (await t.Get<OperatorAlerts>().ListAsync(Page)).Select(a => a.Kind));

        body = dropped;
        var heldAgain = await poller.PollAsync(Page);
        Assert.False(heldAgain.Ok);
        Assert.Null(await t.Get<ChangeLogStore>().ReadHeadAsync());
        await AssertRecordedOnceAsync(t, Page, await poller.PollAsync(Page), 4);
    }

    [Fact]
    public async Task A_drop_under_the_sources_threshold_is_recorded_at_once()
    {
        var full = File.ReadAllText(Path.Combine(Paths.Fixtures, "pages", "mofcom-export-control.html"));
        var entry = full.Split('\n').First(l => l.TrimStart().StartsWith("<li><a href=\"/article/zcfg/gnzcfg/", StringComparison.Ordinal));
        var body = full;
        await using var server = await LocalServer.StartAsync(async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
        });
        await using var t = await TestServices.CreateAsync(TestServices.PointAt(Page, server.BaseUri, new Dictionary<string, string?> { [$"Alerts:Sources:{Page}:Settings:maxDropPercent"] = "25" }));
        var poller = t.Get<PollService>();
        await poller.PollAsync(Page);

        body = full.Replace(entry + "\n", "", StringComparison.Ordinal);
        var result = await poller.PollAsync(Page);

        Assert.True(result.Ok, result.Error);
        Assert.Equal(ChangeType.Removed, Assert.Single(result.Recorded).ChangeType);
    }

    /// <summary>A real release object (octokit/fixtures), renamed.</summary>
    private static readonly JsonObject RecordedRelease = JsonNode.Parse(File.ReadAllText(OfficialSupport.Corpus("github-api", "octokit-release-assets-raw.json")))!.AsArray()
        .Single(s => s!["method"]!.GetValue<string>() == "get" && s["path"]!.GetValue<string>().EndsWith("/releases/tags/v1.0.0", StringComparison.Ordinal))!["response"]!.AsObject();

    private static JsonObject Release(int n)
    {
        var r = RecordedRelease.DeepClone().AsObject();
        r["tag_name"] = $"v{n}";
        r["name"] = $"Version {n}";
        r["body"] = $"Release {n}";
        r["html_url"] = $"https://github.com/acme/policy-data/releases/tag/v{n}";
        return r;
    }

    [Fact]
    public async Task Releases_that_fall_out_of_the_GitHub_window_are_not_removed_and_an_empty_answer_is_held()
    {
        var newest = 100;
        var empty = false;
        string Page() => empty ? "[]" : new JsonArray([.. Enumerable.Range(newest - 99, 100).Reverse().Select(n => (JsonNode)Release(n))]).ToJsonString();
        await using var server = await LocalServer.StartAsync(ctx => ctx.Request.Path == "/api/v3/repos/acme/policy-data/releases"
            ? LocalServer.Respond(ctx, Page())
            : Task.Run(() => ctx.Response.StatusCode = 404));
        await using var t = await TestServices.CreateAsync(TestServices.PointAt(GitHub, server.BaseUri, new Dictionary<string, string?>
        {
            [$"Alerts:Sources:{GitHub}:Enabled"] = "true",
            [$"Alerts:Sources:{GitHub}:Settings:repository"] = "acme/policy-data",
            [$"Alerts:Sources:{GitHub}:Settings:maxPages"] = "1",
        }));
        var poller = t.Get<PollService>();
        Assert.True((await poller.PollAsync(GitHub)).Baseline);

        newest = 101; // v101 published, v1 falls out of the 100-release window
        var next = await poller.PollAsync(GitHub);

        Assert.True(next.Ok, next.Error);
        var added = Assert.Single(next.Recorded);
        Assert.Equal((ChangeType.Added, "v101"), (added.ChangeType, added.ItemKey));

        empty = true;
        var held = await poller.PollAsync(GitHub);
        Assert.False(held.Ok);
        Assert.Contains("no entries at all", held.Error, StringComparison.Ordinal);
        Assert.Equal(1, (await t.Get<ChangeLogStore>().ReadHeadAsync())!.Value.Sequence);
        var confirmed = await poller.PollAsync(GitHub);
        Assert.Equal(101, confirmed.Recorded.Count(c => c.ChangeType == ChangeType.Removed));
    }

    private static async Task<(int Status, JsonDocument? Body)> CallAsync(TestServices t, string name, string id)
    {
        var ctx = new DefaultHttpContext { RequestServices = t.Provider };
        ctx.Request.Method = "POST";
        ctx.Request.RouteValues["id"] = id;
        ctx.Request.Headers.Authorization = "Bearer " + (await TestKeys.CreateAsync(t)).Admin;
        using var body = new MemoryStream();
        ctx.Response.Body = body;
        var result = await t.Get<ApiHandlers>().InvokeAsync(name, ctx);
        await result.ExecuteAsync(ctx);
        return (ctx.Response.StatusCode, body.Length == 0 ? null : JsonDocument.Parse(body.ToArray()));
    }
}
