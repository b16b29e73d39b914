using Alerts.Core.Delivery;
using Alerts.Core.Health;
using Alerts.Core.Webhooks;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Xunit.Abstractions;

namespace Alerts.Tests.Faults;

/// <summary>Every table request the storage clients send: method and the URL's path and query (decoded).</summary>
public sealed class TableRequestLog : HttpPipelineSynchronousPolicy
{
    public ConcurrentQueue<(string Method, string PathAndQuery)> Requests { get; } = new();

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var uri = message.Request.Uri.ToUri();
        Requests.Enqueue((message.Request.Method.ToString(), Uri.UnescapeDataString(uri.PathAndQuery)));
    }
}

/// <summary>
/// Issue 12, item 7: costs stay bounded as data grows. Dispatch reads the endpoints' partition only (never the attempt logs),
/// the attempt logs are expired after their retention, the reconciler re-enqueues a stuck dispatch once per interval and
/// gives up with a visible dead state, and the cached chain head is one reference.
/// </summary>
public sealed class BoundedCostTests(ITestOutputHelper output)
{
    internal static async Task<(TestServices Services, TableRequestLog Log)> WithRequestLogAsync(FakeTimeProvider? clock = null)
    {
        await Azurite.EnsureRunningAsync();
        var log = new TableRequestLog();
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        var t = await TestServices.CreateAsync(new Dictionary<string, string?> { ["Alerts:StoragePrefix"] = prefix }, clock, s =>
        {
            var tableOptions = new TableClientOptions();
            tableOptions.AddPolicy(log, HttpPipelinePosition.PerCall);
            s.AddSingleton(new AlertsStorage(
                new TableServiceClient(Azurite.ConnectionString, tableOptions),
                new QueueServiceClient(Azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }),
                new BlobServiceClient(Azurite.ConnectionString),
                prefix));
        });
        return (t, log);
    }

    private static ChangeRecord Draft(string key) => new()
    {
        Id = ChangeRecord.NewId("test", key, null, "v1"),
        SourceId = "federal-register",
        ItemKey = key,
        ChangeType = ChangeType.Added,
        Title = "Entity List additions " + key,
        Severity = Severity.High,
        Jurisdiction = "US",
        Topics = ["entity-list"],
        ContentVersion = "v1",
    };

    [Fact]
    public async Task Dispatch_to_1000_webhooks_reads_the_same_however_many_attempts_were_logged_and_only_by_partition()
    {
        var (t, requests) = await WithRequestLogAsync();
        await using var _ = t;
        var store = t.Get<WebhookStore>();
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 1000).Select(_ => WebhookStore.NewId()).ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, ct) =>
            await store.CreateAsync(new WebhookEndpoint { Id = id, TeamId = "team-a", Url = "http://127.0.0.1:9/hook", CreatedAt = now, UpdatedAt = now }, ct));
        var target = t.Provider.GetServices<IDispatchTarget>().OfType<WebhookDispatchTarget>().Single();
        var table = t.Get<AlertsStorage>().Prefix + StorageNames.Webhooks; // this test's own prefix (TestServices.Prefix is the one it would have made)

        async Task<List<string>> ReadsOfOneDispatchAsync(string key)
        {
            var change = (await t.Get<ChangeLogStore>().AppendAsync(Draft(key))).Change;
            requests.Requests.Clear();
            await target.DispatchAsync(change);
            return [.. requests.Requests.Where(r => r.Method == "GET" && r.PathAndQuery.Contains("/" + table, StringComparison.Ordinal)).Select(r => r.PathAndQuery)];
        }

        await ReadsOfOneDispatchAsync("warm-up"); // the process's one look for endpoints stored the old way
        var before = await ReadsOfOneDispatchAsync("before");
        // 3,000 attempts logged on 30 of the endpoints (a busy month).
        await Parallel.ForEachAsync(Enumerable.Range(0, 3000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await store.AddAttemptAsync(ids[i % 30], new WebhookAttempt("d" + i, "chg", 1, "msg", now.AddSeconds(-i), false, 503, 10, "down", null, "failed: will retry"), ct));
        var after = await ReadsOfOneDispatchAsync("after");

        output.WriteLine($"Storage reads of the webhooks table per dispatch to 1,000 endpoints: {before.Count} with no attempts logged, {after.Count} with 3,000 attempts logged.");
        Assert.Equal(before.Count, after.Count);
        Assert.All(before.Concat(after), r => Assert.Contains($"PartitionKey eq '{WebhookStore.EndpointPartition}'", r, StringComparison.Ordinal));
        Assert.InRange(after.Count, 1, 2); // 1,000 endpoints: one page (two when the service splits it)
        Assert.Equal(1000, (await store.ListForTeamAsync("team-a")).Count);
    }

    [Fact]
    public async Task Attempts_older_than_the_retention_are_expired_by_the_reconcile_job_and_newer_ones_kept()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));
        await using var t = await TestServices.CreateAsync(clock: clock);
        var store = t.Get<WebhookStore>();
        var id = WebhookStore.NewId();
        await store.CreateAsync(new WebhookEndpoint { Id = id, TeamId = "team-a", Url = "http://127.0.0.1:9/hook", CreatedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow() });
        // The job prunes each endpoint once a day, in the 5-minute slice its id falls in.
        clock.Advance(TimeSpan.FromMinutes(5 * WebhookAttemptRetention.SliceOf(id)) + TimeSpan.FromDays(40));
        var now = clock.GetUtcNow();
        await store.AddAttemptAsync(id, new WebhookAttempt("old", "chg", 1, "msg", now - TimeSpan.FromDays(31), false, 503, 5, "down", null, "failed: will retry"));
        await store.AddAttemptAsync(id, new WebhookAttempt("new", "chg", 2, "msg", now - TimeSpan.FromDays(29), true, 200, 5, null, null, "delivered"));
        var other = WebhookStore.NewId();
        await store.AddAttemptAsync(other, new WebhookAttempt("unknown-endpoint", "chg", 1, "msg", now - TimeSpan.FromDays(31), false, 503, 5, "down", null, "failed"));

        await t.Get<DispatchService>().ReconcileAsync();

        var kept = await store.AttemptsAsync(id, 10);
        Assert.Equal(["new"], kept.Select(a => a.DeliveryId));
        Assert.Single(await store.AttemptsAsync(other, 10)); // not an endpoint: nothing of it is touched
    }

    [Fact]
    public async Task Endpoints_stored_the_old_way_are_moved_before_the_first_read_so_an_upgrade_lists_and_dispatches_them_at_once()
    {
        await using var t = await TestServices.CreateAsync();
        var id = WebhookStore.NewId();
        var table = t.Get<AlertsStorage>().Table(StorageNames.Webhooks);
        await table.AddEntityAsync(new TableEntity(id, WebhookStore.EndpointRow)
        {
            ["TeamId"] = "team-a", ["Url"] = "http://127.0.0.1:9/hook", ["Format"] = "standard", ["Filters"] = "{}", ["Enabled"] = true, ["Secret"] = "whsec_old",
        });
        var store = t.Get<WebhookStore>();

        var listed = await store.ListForTeamAsync("team-a"); // the first read after the upgrade, before any Reconcile run

        Assert.Equal([id], listed.Select(e => e.Id));
        Assert.Equal(0, await store.MoveLegacyEndpointsAsync()); // moved once: the marker says so
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>(id, WebhookStore.EndpointRow)).HasValue);
    }

    [Fact]
    public async Task A_stuck_dispatch_is_re_enqueued_once_per_interval_and_after_three_is_dead_with_its_reason_in_health()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        await using var t = await TestServices.CreateAsync(clock: clock);
        var log = t.Get<ChangeLogStore>();
        var dispatch = t.Get<DispatchService>();
        var stuck = (await log.AppendAsync(Draft("stuck"))).Change; // its dispatch never completes (its messages are dropped here)
        var done = (await log.AppendAsync(Draft("done"))).Change;

        var runs = new List<int>();
        for (var minute = 0; minute <= 180; minute += 5)
        {
            runs.Add(await dispatch.ReconcileAsync());
            if (minute == 0)
            {
                await dispatch.DispatchAsync(new DispatchMessage(done.Id));
            }

            clock.Advance(TimeSpan.FromMinutes(5));
        }

        var pending = new List<PendingDispatch>();
        await foreach (var p in log.PendingDispatchesAsync())
        {
            pending.Add(p);
        }

        // Re-enqueued at +5, +35 and +65 minutes (once each, not on every 5-minute run); given up at +95; never again.
        Assert.Equal(DispatchService.MaxRequeues, runs.Sum());
        var p1 = Assert.Single(pending);
        Assert.Equal(stuck.Id, p1.Id);
        Assert.Contains("did not complete after 3 re-enqueues", p1.DeadReason, StringComparison.Ordinal);
        var context = new DefaultHttpContext { RequestServices = t.Provider };
        context.Response.Body = new MemoryStream();
        await (await t.Get<HealthApi>().GetAsync()).ExecuteAsync(context);
        context.Response.Body.Position = 0;
        using var health = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal(1, health.RootElement.GetProperty("dispatches").GetProperty("dead").GetInt32());
        Assert.Equal("degraded", health.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Marking_an_unknown_dispatch_changes_nothing()
    {
        await using var t = await TestServices.CreateAsync();
        var log = t.Get<ChangeLogStore>();

        var requeued = await log.MarkRequeuedAsync("chg_unknown", 1, DateTimeOffset.UtcNow);
        var dead = await log.MarkDispatchDeadAsync("chg_unknown", "test", DateTimeOffset.UtcNow);

        Assert.False(requeued);
        Assert.False(dead);
        await foreach (var _ in log.PendingDispatchesAsync())
        {
            Assert.Fail("a pending dispatch was created for an unknown change");
        }
    }

    [Fact]
    public async Task Pending_match_alerts_are_read_from_their_own_range_however_many_alerts_were_ever_sent()
    {
        var (t, requests) = await WithRequestLogAsync();
        await using var _ = t;
        var store = t.Get<MatchAlertStore>();
        var storage = t.Get<AlertsStorage>();
        var table = storage.Prefix + StorageNames.MatchAlerts;
        var now = DateTimeOffset.UtcNow;
        MatchAlert Alert(string key) => new()
        {
            Id = MatchAlert.IdOf("wl_1", key), ChangeId = "chg_" + key, TeamId = "team-a", WatchlistId = "wl_1", WatchlistName = "customers",
            EntryType = "counterparty", EntryValue = "Acme", Method = "tokens", CreatedAt = now,
        };

        // An alert stored by the previous version: no pending row of its own.
        var legacy = Alert("legacy");
        await storage.Table(StorageNames.MatchAlerts).AddEntityAsync(new TableEntity("m", legacy.Id) { ["CreatedAt"] = now, ["Dispatched"] = false });
        var sent = Enumerable.Range(0, 300).Select(i => Alert("sent" + i)).ToList();
        await Parallel.ForEachAsync(sent, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (a, ct) =>
        {
            Assert.True(await store.TryAddAsync(a, ct));
            await store.MarkDispatchedAsync(a.Id, now, ct);
        });
        var open = Alert("open");
        Assert.True(await store.TryAddAsync(open));
        Assert.False(await store.TryAddAsync(open)); // inserted once

        async Task<(List<string> Ids, List<string> Reads)> PendingAsync()
        {
            requests.Requests.Clear();
            var ids = new List<string>();
            await foreach (var p in store.PendingDispatchesAsync())
            {
                ids.Add(p.Id);
            }

            return ([.. ids.Order(StringComparer.Ordinal)],
                [.. requests.Requests.Where(r => r.Method == "GET" && r.PathAndQuery.Contains("/" + table, StringComparison.Ordinal)).Select(r => r.PathAndQuery)]);
        }

        var (first, firstReads) = await PendingAsync(); // the one pass that indexes the legacy alert
        Assert.Equal(new[] { legacy.Id, open.Id }.Order(StringComparer.Ordinal), first);
        Assert.Contains(firstReads, r => r.Contains("Dispatched eq false", StringComparison.Ordinal));

        var (again, reads) = await PendingAsync();
        Assert.Equal(first, again);
        output.WriteLine(string.Join('\n', reads));
        var read = Assert.Single(reads);
        Assert.Contains("RowKey ge 'p:'", read, StringComparison.Ordinal);

        await store.MarkDispatchedAsync(open.Id, now);
        Assert.False(await store.MarkRequeuedAsync(open.Id, 1, now)); // done: nothing to mark
        Assert.Equal([legacy.Id], (await PendingAsync()).Ids);
    }

    [Fact]
    public async Task Concurrent_appends_through_one_store_keep_a_gap_free_chain_that_verifies()
    {
        await using var t = await TestServices.CreateAsync();
        var log = t.Get<ChangeLogStore>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) => await log.AppendAsync(Draft("c" + i), ct));

        var verify = await t.Get<ChangeLogVerifier>().VerifyAsync();
        Assert.True(verify.Ok, verify.Describe());
        Assert.Equal(40, verify.HeadSequence);
    }
}
