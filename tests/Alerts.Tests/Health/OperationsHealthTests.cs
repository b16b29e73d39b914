using Alerts.Core.Delivery;
using Alerts.Core.Health;
using Alerts.Core.Polling;
using Alerts.Functions;
using Alerts.Server.Cli;
using Alerts.Server.Hosting;

namespace Alerts.Tests.Health;

/// <summary>Item 6 of issue 16: health shows poison queues, job runs and dead deliveries; `alerts queues` watches and drains.</summary>
public sealed class OperationsHealthTests
{
    private static async Task<JsonElement> HealthAsync(TestServices t)
    {
        var context = new DefaultHttpContext { RequestServices = t.Provider };
        context.Response.Body = new MemoryStream();
        await (await t.Get<HealthApi>().GetAsync()).ExecuteAsync(context);
        Assert.Equal(200, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        using var doc = await JsonDocument.ParseAsync(context.Response.Body);
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task Health_reports_poison_depth_and_is_degraded_while_a_poison_queue_holds_messages()
    {
        await using var t = await TestServices.CreateAsync();
        var storage = t.Get<AlertsStorage>();
        await storage.Queue(StorageNames.Poison(StorageNames.DeliverQueue)).SendMessageAsync("{\"deliveryId\":\"x\"}");
        await storage.Queue(StorageNames.Poison(StorageNames.DeliverQueue)).SendMessageAsync("{\"deliveryId\":\"y\"}");

        var health = await HealthAsync(t);

        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Equal(2, health.GetProperty("queues").GetProperty("deliver").GetProperty("poison").GetInt32());
        Assert.Equal(t.Prefix + "-deliver", health.GetProperty("queues").GetProperty("deliver").GetProperty("name").GetString());
        Assert.Equal(0, health.GetProperty("queues").GetProperty("poll").GetProperty("poison").GetInt32());
    }

    [Fact]
    public async Task Health_reports_the_last_run_of_each_job_run_by_either_host()
    {
        await using var t = await TestServices.CreateAsync();
        var before = await HealthAsync(t);
        // A job that never ran is listed with no lastRunAt (the API leaves nulls out).
        Assert.False(before.GetProperty("jobs").GetProperty("Reconcile").TryGetProperty("lastRunAt", out _));

        // The self-host's scheduler and the Functions timer both record.
        await JobScheduler.RunJobAsync(t.Provider, nameof(Schedules.Reconcile), CancellationToken.None);
        var functions = new JobFunctions(t.Get<JobRuns>(), t.Get<PollScheduler>(), t.Get<PollService>(), t.Get<DispatchService>(), t.Get<Alerts.Core.ChangeLog.AnchorService>(),
            t.Get<Alerts.Core.Email.DigestService>(), t.Get<Alerts.Core.Deadlines.DeadlineReminders>(), t.Get<Alerts.Core.ChangeLog.VerifyJobs>());
        await functions.Digests(null!, CancellationToken.None);

        var health = await HealthAsync(t);

        var jobs = health.GetProperty("jobs");
        Assert.Equal(Schedules.All.Select(s => s.Name).Order(), jobs.EnumerateObject().Select(p => p.Name).Order());
        Assert.True(jobs.GetProperty("Reconcile").GetProperty("succeeded").GetBoolean());
        Assert.True(jobs.GetProperty("Digests").GetProperty("succeeded").GetBoolean());
        Assert.Equal(JsonValueKind.String, jobs.GetProperty("Digests").GetProperty("lastRunAt").ValueKind);
        Assert.False(jobs.GetProperty("Anchor").TryGetProperty("lastRunAt", out _));
    }

    [Fact]
    public async Task A_failed_job_run_is_recorded_with_its_error_and_the_error_still_reaches_the_host()
    {
        await using var t = await TestServices.CreateAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => t.Get<JobRuns>().RunAsync("PollDue", _ => throw new InvalidOperationException("storage said no")));
        var health = await HealthAsync(t);

        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.False(health.GetProperty("jobs").GetProperty("PollDue").GetProperty("succeeded").GetBoolean());
        Assert.Contains("storage said no", health.GetProperty("jobs").GetProperty("PollDue").GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_counts_dead_deliveries_from_the_index_and_a_redelivery_takes_one_off()
    {
        await using var t = await TestServices.CreateAsync();
        var ledger = t.Get<DeliveryLedger>();
        var (a, _) = await ledger.CreateAsync(new DeliveryRecord { ChangeId = "chg_0001", Channel = "webhook", TargetId = "wh_a", TeamId = "team" });
        var (b, _) = await ledger.CreateAsync(new DeliveryRecord { ChangeId = "chg_0002", Channel = "webhook", TargetId = "wh_b", TeamId = "team" });

        Assert.True(await ledger.TryUpdateAsync(a with { Status = DeliveryStatus.Dead, Attempts = 10 }));
        Assert.True(await ledger.TryUpdateAsync(b with { Status = DeliveryStatus.Dead, Attempts = 10 }));
        var deadB = (await ledger.GetAsync("chg_0002", "webhook", "wh_b"))!;
        // Marking it dead again (a duplicate message) counts once.
        Assert.True(await ledger.TryUpdateAsync(deadB));
        Assert.Equal(2, (await HealthAsync(t)).GetProperty("deliveries").GetProperty("dead").GetInt32());

        var current = (await ledger.GetAsync("chg_0002", "webhook", "wh_b"))!;
        Assert.True(await ledger.TryUpdateAsync(current with { Status = DeliveryStatus.Pending, ScheduleBase = current.Attempts }));

        Assert.Equal(1, (await HealthAsync(t)).GetProperty("deliveries").GetProperty("dead").GetInt32());
        // The index rows are not deliveries: the delivery itself still reads back.
        Assert.Equal(DeliveryStatus.Dead, (await ledger.GetAsync("chg_0001", "webhook", "wh_a"))!.Status);
    }

    [Fact]
    public async Task Alerts_queues_lists_depths_and_replay_moves_poison_messages_back_once_and_within_the_limit()
    {
        await using var t = await TestServices.CreateAsync();
        var storage = t.Get<AlertsStorage>();
        var poison = storage.Queue(StorageNames.Poison(StorageNames.PollQueue));
        for (var i = 0; i < 5; i++)
        {
            await poison.SendMessageAsync($"{{\"sourceId\":\"s{i}\"}}");
        }

        void Configure(IServiceCollection s) => s.Configure<AlertsOptions>(t.SameStorage);
        var listOut = new StringWriter();
        Assert.Equal(0, await AlertsCli.RunAsync(["queues", "--json"], listOut, new StringWriter(), Configure));
        using (var listed = JsonDocument.Parse(listOut.ToString()))
        {
            var poll = listed.RootElement.EnumerateArray().Single(e => e.GetProperty("queue").GetString() == "poll");
            Assert.Equal(5, poll.GetProperty("poisonDepth").GetInt32());
        }

        var firstOut = new StringWriter();
        var firstErr = new StringWriter();
        Assert.Equal(0, await AlertsCli.RunAsync(["queues", "replay", "poll", "--max", "3"], firstOut, firstErr, Configure));
        Assert.Contains("Moved 3 message(s) from poll-poison back to poll; 2 left", firstOut.ToString(), StringComparison.Ordinal);
        Assert.Contains("moved 3 message(s)", firstErr.ToString(), StringComparison.Ordinal);

        var secondOut = new StringWriter();
        Assert.Equal(0, await AlertsCli.RunAsync(["queues", "replay", "poll"], secondOut, new StringWriter(), Configure));
        Assert.Contains("Moved 2 message(s)", secondOut.ToString(), StringComparison.Ordinal);
        var thirdOut = new StringWriter();
        Assert.Equal(0, await AlertsCli.RunAsync(["queues", "replay", "poll"], thirdOut, new StringWriter(), Configure));
        Assert.Contains("Moved 0 message(s)", thirdOut.ToString(), StringComparison.Ordinal);

        var bodies = new List<string>();
        foreach (var m in (await storage.Queue(StorageNames.PollQueue).ReceiveMessagesAsync(32)).Value)
        {
            bodies.Add(m.Body.ToString());
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{{\"sourceId\":\"s{i}\"}}").Order(), bodies.Order());
    }

    [Fact]
    public async Task Replaying_an_unknown_queue_is_refused_by_name_and_moves_nothing()
    {
        await using var t = await TestServices.CreateAsync();
        var err = new StringWriter();

        var code = await AlertsCli.RunAsync(["queues", "replay", "pol"], new StringWriter(), err, s => s.Configure<AlertsOptions>(t.SameStorage));

        Assert.Equal(AlertsCli.Usage, code);
        Assert.Contains("no queue 'pol': the queues are poll, dispatch, deliver", err.ToString(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => t.Get<QueueOperations>().ReplayAsync("poll-poison"));
    }
}
