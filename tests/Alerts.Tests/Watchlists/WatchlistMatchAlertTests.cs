using Alerts.Core.Delivery;
using Alerts.Tests.Webhooks;

namespace Alerts.Tests.Watchlists;

/// <summary>A watchlist match as its own alert: through the usual dispatch and ledger, to the owner's endpoints only, on Azurite.</summary>
public sealed class WatchlistMatchAlertTests
{
    private const string Scope = "csl-entity-list";
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private static async Task<string> CreateWatchlistAsync(Kit kit)
    {
        var created = await kit.Api.CallAsync("CreateWatchlist", kit.Keys.TeamA, new
        {
            name = "Asia customers",
            counterparties = new object[] { new { name = "Hebei Semiconductor Research Institute", country = "CN", reference = "SAP-1001" } },
            products = new object[] { new { type = "eccn", value = "3A090" } },
        });
        Assert.True(created.Status == 201, created.Body);
        return created.Json.GetProperty("watchlist").GetProperty("id").GetString()!;
    }

    /// <summary>The Entity List adds the Hebei Semiconductor Research Institute (names in Chinese and English).</summary>
    internal static Task<ChangeRecord> ListedAsync(Kit kit) => ListedAsync(kit.Get<ChangeLogStore>(), kit.Clock.GetUtcNow());

    /// <summary>The same change appended to any kit's log, detected at <paramref name="at"/>.</summary>
    internal static async Task<ChangeRecord> ListedAsync(ChangeLogStore log, DateTimeOffset at) => (await log.AppendAsync(new ChangeRecord
    {
        Id = ChangeRecord.NewId(Scope, "el-new-1", null, "v1"),
        SourceId = Scope,
        ItemKey = "el-new-1",
        ChangeType = ChangeType.Added,
        Title = "Hebei Semiconductor Research Institute (CN)",
        DocumentType = "Entity List Entry",
        ContentVersion = "v1",
        DetectedAt = at,
        Diff =
        [
            new FieldChange("list", null, "EL"),
            new FieldChange("name", null, "河北半导体研究所"),
            new FieldChange("alt_names", null, "Hebei Semiconductor Research Institute; HSRI"),
            new FieldChange("countries", null, "CN"),
        ],
    })).Change;

    /// <summary>Dispatches (or, with <paramref name="drop"/>, loses) every message of the dispatch queue; returns how many there were.</summary>
    internal static async Task<int> DrainDispatchQueueAsync(Kit kit, bool drop = false)
    {
        var queue = kit.Get<AlertsStorage>().Queue(StorageNames.DispatchQueue);
        var count = 0;
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } messages)
        {
            foreach (var m in messages)
            {
                if (!drop)
                {
                    await kit.Get<DispatchService>().DispatchAsync(JsonSerializer.Deserialize<DispatchMessage>(m.Body.ToString(), WebJson)!);
                }

                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                count++;
            }
        }

        return count;
    }

    private static List<JsonElement> Bodies(LocalServer server) => [.. server.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement)];

    [Fact]
    public async Task A_match_is_delivered_once_as_its_own_alert_to_the_owners_webhook_whatever_its_filters_and_to_no_other_team()
    {
        await using var mine = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "ok", "text/plain"));
        await using var theirs = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "ok", "text/plain"));
        await using var kit = await Kit.CreateAsync();
        // Team A's endpoint wants tariff changes only: the Entity List change itself does not reach it, its watchlist's match does.
        var (_, secret) = await kit.RegisterAsync(mine.BaseUri + "hook", filters: new { topics = new[] { "tariffs" } });
        await kit.RegisterAsync(theirs.BaseUri + "hook", key: kit.Keys.TeamB);
        var watchlistId = await CreateWatchlistAsync(kit);
        var change = await ListedAsync(kit);

        // The change dispatched three times (a redelivered queue message, the reconciler), its alert's messages twice.
        await kit.DispatchAsync(change);
        await kit.DispatchAsync(change);
        Assert.Equal(1, await DrainDispatchQueueAsync(kit));
        await kit.DispatchAsync(change);
        await DrainDispatchQueueAsync(kit);
        await kit.DrainDeliverQueueAsync();

        var request = Assert.Single(mine.Requests);
        Kit.Verify(secret, request);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("watchlist.match", body.GetProperty("type").GetString());
        var data = body.GetProperty("data");
        Assert.StartsWith(MatchAlert.Prefix, data.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(change.Id, data.GetProperty("changeId").GetString());
        Assert.Equal(Kit.PublicBaseUrl + "/api/changes/" + change.Id, data.GetProperty("link").GetString());
        Assert.StartsWith("Watchlist match (Asia customers): Hebei Semiconductor Research Institute", data.GetProperty("title").GetString(), StringComparison.Ordinal);
        var match = data.GetProperty("watchlistMatch");
        Assert.Equal(watchlistId, match.GetProperty("watchlistId").GetString());
        Assert.Equal("counterparty", match.GetProperty("entryType").GetString());
        Assert.Equal("Hebei Semiconductor Research Institute", match.GetProperty("entryValue").GetString());
        Assert.Equal("EL", match.GetProperty("list").GetString());
        Assert.True(match.GetProperty("score").GetDouble() >= 0.85);
        Assert.Contains("semiconductor", match.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("score", match.GetProperty("explanation").GetString(), StringComparison.Ordinal);

        // Team B's endpoint (no filters) gets the change itself, never team A's match.
        Assert.All(Bodies(theirs), b => Assert.Equal("policy.change", b.GetProperty("type").GetString()));
        Assert.Single(theirs.Requests);

        // The match is listed with the watchlist, once.
        var listed = (await kit.Api.CallAsync("ListWatchlistMatches", kit.Keys.TeamA, id: watchlistId)).Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Single(listed, m => m.GetProperty("changeId").GetString() == change.Id);
    }

    [Fact]
    public async Task A_match_opens_one_issue_labelled_watchlist_match_in_the_owners_github_target_whatever_its_filters()
    {
        await using var kit = await Kit.CreateAsync(github: true, settings: new Dictionary<string, string?>
        {
            ["Alerts:GitHub:StoryClaimWaitSeconds"] = "1",
        });
        var github = kit.World.GitHub;
        var target = await kit.Api.CallAsync("CreateGitHubTarget", kit.Keys.TeamA, new { repository = "acme/compliance", topics = new[] { "tariffs" } });
        Assert.True(target.Status == 201, target.Body);
        await CreateWatchlistAsync(kit);
        var change = await ListedAsync(kit);

        await kit.DispatchAsync(change);
        await DrainDispatchQueueAsync(kit);
        await kit.DispatchAsync(change);
        await DrainDispatchQueueAsync(kit);
        await kit.DrainDeliverQueueAsync();

        var issue = Assert.Single(github.Issues);
        Assert.StartsWith("[info] Watchlist match (Asia customers): Hebei Semiconductor Research Institute", issue["title"]!.GetValue<string>(), StringComparison.Ordinal);
        var body = issue["body"]!.GetValue<string>();
        Assert.Contains("Watchlist 'Asia customers': counterparty 'Hebei Semiconductor Research Institute' matched EL entry", body, StringComparison.Ordinal);
        Assert.Contains("Full change: " + Kit.PublicBaseUrl + "/api/changes/" + change.Id, body, StringComparison.Ordinal);
        Assert.Contains("watchlist-match", issue["labels"]!.AsArray().Select(l => l!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_match_alert_whose_dispatch_message_was_lost_is_sent_by_the_reconciler_once()
    {
        await using var mine = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "ok", "text/plain"));
        await using var kit = await Kit.CreateAsync();
        await kit.RegisterAsync(mine.BaseUri + "hook", filters: new { topics = new[] { "tariffs" } });
        await CreateWatchlistAsync(kit);
        var change = await ListedAsync(kit);

        // A crash after the alert row was written and before its message was handled: the message is gone.
        await kit.DispatchAsync(change);
        Assert.Equal(1, await DrainDispatchQueueAsync(kit, drop: true));
        await kit.DrainDeliverQueueAsync();
        Assert.Empty(mine.Requests);

        // Not yet due: nothing re-enqueued. Two minutes on: the reconciler enqueues it, and it is delivered once.
        var dispatch = kit.Get<DispatchService>();
        Assert.Equal(0, await dispatch.ReconcileAsync());
        kit.Clock.Advance(DispatchService.ReconcileAfter + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await dispatch.ReconcileAsync());
        await DrainDispatchQueueAsync(kit);
        await kit.DrainDeliverQueueAsync();
        Assert.Equal("watchlist.match", JsonDocument.Parse(Assert.Single(mine.Requests).Body).RootElement.GetProperty("type").GetString());
        Assert.Equal(0, await dispatch.ReconcileAsync());
    }

    [Fact]
    public async Task A_stuck_match_alert_is_re_enqueued_at_most_every_30_minutes_and_given_up_after_three_tries_which_health_shows()
    {
        await using var kit = await Kit.CreateAsync();
        await CreateWatchlistAsync(kit);
        var change = await ListedAsync(kit);
        await kit.DispatchAsync(change);
        var dispatch = kit.Get<DispatchService>();

        // Every message of the alert is lost (a dispatch that keeps failing ends the same way): it stays pending.
        Assert.Equal(1, await DrainDispatchQueueAsync(kit, drop: true));
        kit.Clock.Advance(DispatchService.ReconcileAfter + TimeSpan.FromSeconds(1));
        var requeued = new List<int>();
        for (var run = 0; run < 4; run++)
        {
            requeued.Add(await dispatch.ReconcileAsync());
            requeued.Add(await dispatch.ReconcileAsync()); // a second run at once re-enqueues nothing
            await DrainDispatchQueueAsync(kit, drop: true);
            kit.Clock.Advance(DispatchService.RequeueEvery + TimeSpan.FromSeconds(1));
        }

        Assert.Equal(new[] { 1, 0, 1, 0, 1, 0, 0, 0 }, requeued);
        Assert.Equal(1, await dispatch.CountDeadDispatchesAsync());
        var health = await kit.Api.CallAsync("Health", null);
        Assert.Equal(1, health.Json.GetProperty("dispatches").GetProperty("dead").GetInt32());
        Assert.Equal("degraded", health.Json.GetProperty("status").GetString());

        // Dead: later runs leave it alone.
        kit.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await dispatch.ReconcileAsync());
        Assert.Equal(0, await DrainDispatchQueueAsync(kit, drop: true));
    }
}
