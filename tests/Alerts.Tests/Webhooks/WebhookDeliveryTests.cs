using Alerts.Core.Delivery;
using Alerts.Core.Webhooks;

namespace Alerts.Tests.Webhooks;

public sealed class WebhookDeliveryTests
{
    private static async Task<DeliveryRecord> DeliveryAsync(Kit kit, ChangeRecord change, string endpointId) =>
        (await kit.Get<DeliveryLedger>().GetAsync(change.Id, WebhookChannel.Name, endpointId))!;

    /// <summary>Delivers attempts 2 to the schedule's last, each when the ledger says it is due, and returns the waits
    /// the ledger planned before each of them.</summary>
    private static async Task<List<TimeSpan>> RetryToTheEndOfTheScheduleAsync(Kit kit, ChangeRecord change, string endpointId)
    {
        var delivery = await DeliveryAsync(kit, change, endpointId);
        var waits = new List<TimeSpan>();
        for (var attempt = 2; attempt <= RetryPolicy.Webhooks().MaxAttempts; attempt++)
        {
            var before = await DeliveryAsync(kit, change, endpointId);
            waits.Add(before.NextAttemptAt!.Value - before.LastAttemptAt!.Value);
            kit.Clock.Advance(before.NextAttemptAt!.Value - kit.Clock.GetUtcNow());
            await kit.Get<DispatchService>().DeliverAsync(new DeliverMessage(WebhookChannel.Name, delivery.Id, attempt));
        }
        return waits;
    }

    /// <summary>Each wait is the schedule's delay for that attempt, within its ±10 % jitter.</summary>
    private static void AssertWaitsFollowTheSchedule(List<TimeSpan> waits)
    {
        for (var i = 0; i < waits.Count; i++)
        {
            var planned = RetryPolicy.Webhooks().Delays[i + 1];
            Assert.InRange(waits[i], planned * 0.9, planned * 1.1);
        }
    }

    [Fact]
    public async Task A_change_is_delivered_once_signed_in_the_standard_format_with_a_link()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "ok", "text/plain"));
        await using var kit = await Kit.CreateAsync();
        var (id, secret) = await kit.RegisterAsync(receiver.BaseUri + "hook");
        var change = await kit.ChangeAsync();

        await kit.DispatchAsync(change);
        await kit.DispatchAsync(change);
        await kit.DrainDeliverQueueAsync();
        await kit.DispatchAsync(change);
        await kit.DrainDeliverQueueAsync();

        var request = Assert.Single(receiver.Requests);
        Kit.Verify(secret, request);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.True(request.Body.Length < 20 * 1024);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("policy.change", body.GetProperty("type").GetString());
        Assert.True(body.TryGetProperty("timestamp", out _));
        var data = body.GetProperty("data");
        Assert.Equal(change.Id, data.GetProperty("id").GetString());
        Assert.Equal(change.Title, data.GetProperty("title").GetString());
        Assert.Equal("high", data.GetProperty("severity").GetString());
        Assert.Equal(Kit.PublicBaseUrl + "/api/changes/" + change.Id, data.GetProperty("link").GetString());
        var delivery = await DeliveryAsync(kit, change, id);
        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(WebhookSigner.MessageId(delivery.Id), request.Headers["webhook-id"]);
    }

    [Fact]
    public async Task Deliveries_are_created_in_batches_and_an_existing_one_is_neither_duplicated_nor_resent()
    {
        await using var kit = await Kit.CreateAsync();
        var ledger = kit.Get<DeliveryLedger>();
        var records = Enumerable.Range(0, 150).Select(i => new DeliveryRecord
        {
            ChangeId = "chg_batch",
            Channel = WebhookChannel.Name,
            TargetId = "wh_" + i.ToString("D20", CultureInfo.InvariantCulture),
            TeamId = "team-a",
        }).ToList();
        var (existing, _) = await ledger.CreateAsync(records[120]);
        await ledger.TryUpdateAsync(existing with { Status = DeliveryStatus.Delivered, Attempts = 1 });

        var toSend = await ledger.CreateManyAsync(records);
        var again = await ledger.CreateManyAsync(records);

        Assert.Equal(149, toSend.Count);
        Assert.DoesNotContain(toSend, r => r.TargetId == records[120].TargetId);
        Assert.Equal(DeliveryStatus.Delivered, (await ledger.GetAsync("chg_batch", WebhookChannel.Name, records[120].TargetId))!.Status);
        Assert.NotNull(await ledger.GetAsync("chg_batch", WebhookChannel.Name, records[149].TargetId));
        Assert.Equal(149, again.Count);
    }

    [Fact]
    public async Task Only_endpoints_whose_filters_match_get_the_change()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{}"));
        await using var kit = await Kit.CreateAsync();
        await kit.RegisterAsync(receiver.BaseUri + "tariffs", filters: new { topics = new[] { "tariffs" } });
        await kit.RegisterAsync(receiver.BaseUri + "critical", filters: new { minSeverity = "critical" });
        await kit.RegisterAsync(receiver.BaseUri + "cn", filters: new { jurisdictions = new[] { "CN" } });
        await kit.RegisterAsync(receiver.BaseUri + "keyword", filters: new { keywords = new[] { "ENTITY LIST" }, minSeverity = "medium" });
        await kit.RegisterAsync(receiver.BaseUri + "all");

        await kit.DispatchAsync(await kit.ChangeAsync());
        await kit.DrainDeliverQueueAsync();

        Assert.Equal(["/all", "/keyword"], receiver.Requests.Select(r => r.PathAndQuery).Order());
    }

    [Fact]
    public async Task A_server_error_is_retried_on_the_schedule_with_the_same_webhook_id()
    {
        var calls = 0;
        await using var receiver = await LocalServer.StartAsync(ctx => Interlocked.Increment(ref calls) == 1
            ? LocalServer.Respond(ctx, "{\"error\":\"boom\"}", status: 500)
            : LocalServer.Respond(ctx, "{}"));
        await using var kit = await Kit.CreateAsync();
        var (id, secret) = await kit.RegisterAsync(receiver.BaseUri + "hook");
        var change = await kit.ChangeAsync();
        await kit.DispatchAsync(change);

        await kit.DrainDeliverQueueAsync();
        var afterFailure = await DeliveryAsync(kit, change, id);
        kit.Clock.Advance(TimeSpan.FromSeconds(5));
        await kit.Get<DispatchService>().DeliverAsync(new DeliverMessage(WebhookChannel.Name, afterFailure.Id, 2));

        Assert.Equal(DeliveryStatus.Pending, afterFailure.Status);
        Assert.Equal(1, afterFailure.Attempts);
        Assert.Equal(500, afterFailure.LastStatusCode);
        var wait = afterFailure.NextAttemptAt!.Value - afterFailure.LastAttemptAt!.Value;
        Assert.InRange(wait, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(5.5));
        var done = await DeliveryAsync(kit, change, id);
        Assert.Equal(DeliveryStatus.Delivered, done.Status);
        Assert.Equal(2, done.Attempts);
        var requests = receiver.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(requests[0].Headers["webhook-id"], requests[1].Headers["webhook-id"]);
        Assert.All(requests, r => Kit.Verify(secret, r));
        var log = (await kit.Api.CallAsync("ListWebhookDeliveries", kit.Keys.TeamA, id: id)).Json.GetProperty("items");
        Assert.Equal([2, 1], log.EnumerateArray().Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.Equal([200, 500], log.EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal("{\"error\":\"boom\"}", log[1].GetProperty("responseExcerpt").GetString());
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task Retry_After_is_honoured(int status)
    {
        await using var receiver = await LocalServer.StartAsync(ctx =>
        {
            ctx.Response.Headers.RetryAfter = "120";
            return LocalServer.Respond(ctx, "slow down", "text/plain", status);
        });
        await using var kit = await Kit.CreateAsync();
        var (id, _) = await kit.RegisterAsync(receiver.BaseUri + "hook");
        var change = await kit.ChangeAsync();
        await kit.DispatchAsync(change);

        await kit.DrainDeliverQueueAsync();

        var d = await DeliveryAsync(kit, change, id);
        Assert.Equal(DeliveryStatus.Pending, d.Status);
        Assert.Equal(TimeSpan.FromSeconds(120), d.NextAttemptAt!.Value - d.LastAttemptAt!.Value);
    }

    [Fact]
    public async Task A_receiver_answering_503_with_Retry_After_0_forever_is_retried_on_the_schedules_delays_not_in_seconds()
    {
        await using var receiver = await LocalServer.StartAsync(ctx =>
        {
            ctx.Response.Headers.RetryAfter = "0";
            return LocalServer.Respond(ctx, "busy", "text/plain", 503);
        });
        await using var kit = await Kit.CreateAsync();
        var (id, _) = await kit.RegisterAsync(receiver.BaseUri + "hook");
        var change = await kit.ChangeAsync();
        await kit.DispatchAsync(change);
        await kit.DrainDeliverQueueAsync();
        Assert.Single(receiver.Requests); // not a burst: the retry waits for the schedule's 5 s, so draining the queue now finds nothing
        var started = kit.Clock.GetUtcNow();
        var waits = await RetryToTheEndOfTheScheduleAsync(kit, change, id);

        Assert.Equal(RetryPolicy.Webhooks().MaxAttempts, receiver.Requests.Count);
        AssertWaitsFollowTheSchedule(waits);

        // The schedule after the first try spans 75 h 35 min; with its jitter of ±10 % at the least 68 h, not seconds.
        var span = RetryPolicy.Webhooks().Delays.Skip(1).Aggregate(TimeSpan.Zero, (a, b) => a + b);
        Assert.True(kit.Clock.GetUtcNow() - started >= span * 0.9, $"the attempts spread over the schedule's {span.TotalHours:0} hours");
        Assert.Equal(DeliveryStatus.Dead, (await DeliveryAsync(kit, change, id)).Status);
    }

    [Fact]
    public async Task Gone_disables_the_endpoint_and_tells_the_team()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "", status: 410));
        await using var kit = await Kit.CreateAsync();
        var (id, _) = await kit.RegisterAsync(receiver.BaseUri + "hook");
        var change = await kit.ChangeAsync();
        await kit.DispatchAsync(change);

        await kit.DrainDeliverQueueAsync();
        await kit.DispatchAsync(await kit.ChangeAsync());
        await kit.DrainDeliverQueueAsync();

        Assert.Single(receiver.Requests);
        Assert.Equal(DeliveryStatus.Dead, (await DeliveryAsync(kit, change, id)).Status);
        var ep = (await kit.Api.CallAsync("GetWebhook", kit.Keys.TeamA, id: id)).Json;
        Assert.False(ep.GetProperty("enabled").GetBoolean());
        Assert.Contains("410", ep.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
        var notice = Assert.Single(await kit.Get<TeamNotices>().ListAsync("team-a"));
        Assert.Equal(id, notice.TargetId);
    }

    [Fact]
    public async Task An_endpoint_failing_the_whole_schedule_is_disabled_and_its_team_told()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "", status: 502));
        await using var kit = await Kit.CreateAsync();
        var (id, _) = await kit.RegisterAsync(receiver.BaseUri + "hook");
        var change = await kit.ChangeAsync();
        await kit.DispatchAsync(change);
        await kit.DrainDeliverQueueAsync();
        var waits = await RetryToTheEndOfTheScheduleAsync(kit, change, id);

        Assert.Equal(RetryPolicy.Webhooks().MaxAttempts, receiver.Requests.Count);
        AssertWaitsFollowTheSchedule(waits);

        var dead = await DeliveryAsync(kit, change, id);
        Assert.Equal(DeliveryStatus.Dead, dead.Status);
        Assert.Null(dead.NextAttemptAt);
        Assert.False((await kit.Api.CallAsync("GetWebhook", kit.Keys.TeamA, id: id)).Json.GetProperty("enabled").GetBoolean());
        var notice = Assert.Single(await kit.Get<TeamNotices>().ListAsync("team-a"));
        Assert.Equal(TeamNotices.EndpointDisabled, notice.Kind);
        Assert.Contains("10 attempts", notice.Message, StringComparison.Ordinal);
        Assert.Contains(kit.Logs.Lines, l => l.Contains("team-a", StringComparison.Ordinal) && l.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_disabled_endpoint_with_a_contact_address_has_its_team_told_by_e_mail()
    {
        await using var sendGrid = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "", status: 202));
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "", status: 410));
        await using var kit = await Kit.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Alerts:SendGrid:Enabled"] = "true",
            ["Alerts:SendGrid:ApiKey"] = "SG.test-key-for-team-notices",
            ["Alerts:SendGrid:From"] = "alerts@example.org",
            ["Alerts:SendGrid:BaseUrl"] = sendGrid.BaseUri.ToString().TrimEnd('/'),
        });
        var (id, _) = await kit.RegisterAsync(receiver.BaseUri + "hook", filters: new { contactEmail = "Compliance-Ops@Team-A.example" });
        var (quiet, _) = await kit.RegisterAsync(receiver.BaseUri + "other");
        var change = await kit.ChangeAsync();

        await kit.DispatchAsync(change);
        await kit.DrainDeliverQueueAsync();

        Assert.False((await kit.Api.CallAsync("GetWebhook", kit.Keys.TeamA, id: id)).Json.GetProperty("enabled").GetBoolean());
        Assert.False((await kit.Api.CallAsync("GetWebhook", kit.Keys.TeamA, id: quiet)).Json.GetProperty("enabled").GetBoolean());
        // One e-mail, for the endpoint that named a contact, to that contact, naming the endpoint.
        var mail = Assert.Single(sendGrid.Requests);
        Assert.Equal("/v3/mail/send", mail.PathAndQuery);
        var body = System.Text.Encoding.UTF8.GetString(mail.Body);
        Assert.Contains("compliance-ops@team-a.example", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(id, body, StringComparison.Ordinal);
        Assert.Equal(2, (await kit.Get<TeamNotices>().ListAsync("team-a")).Count);
    }

    [Fact]
    public async Task A_contact_address_that_is_not_an_e_mail_address_is_refused_and_nothing_is_stored()
    {
        await using var kit = await Kit.CreateAsync();

        var r = await kit.Api.CallAsync("CreateWebhook", kit.Keys.TeamA,
            new Dictionary<string, object?> { ["url"] = "http://127.0.0.1:9/hook", ["contactEmail"] = "ops@example.org\r\nBcc: x@example.org" });

        Assert.Equal(400, r.Status);
        Assert.Contains("contactEmail", r.Body, StringComparison.Ordinal);
        Assert.Equal(0, (await kit.Api.CallAsync("ListWebhooks", kit.Keys.TeamA)).Json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_hang_past_the_time_out_is_a_failed_attempt_that_will_be_retried()
    {
        using var release = new CancellationTokenSource();
        await using var receiver = await LocalServer.StartAsync(async ctx =>
        {
            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            await LocalServer.Respond(ctx, "{}");
        });
        await using var kit = await Kit.CreateAsync(settings: new Dictionary<string, string?> { ["Alerts:Webhooks:TimeoutSeconds"] = "0.5" });
        var (id, _) = await kit.RegisterAsync(receiver.BaseUri + "hook");
        var change = await kit.ChangeAsync();
        await kit.DispatchAsync(change);

        await kit.DrainDeliverQueueAsync();
        await release.CancelAsync();

        var d = await DeliveryAsync(kit, change, id);
        Assert.Equal(DeliveryStatus.Pending, d.Status);
        Assert.Equal(1, d.Attempts);
        Assert.Contains("time-out", d.LastError, StringComparison.Ordinal);
        Assert.NotNull(d.NextAttemptAt);
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        LocalServer? receiver = null;
        receiver = await LocalServer.StartAsync(ctx =>
        {
            if (ctx.Request.Path == "/hook")
            {
                ctx.Response.StatusCode = 307;
                ctx.Response.Headers.Location = receiver!.BaseUri + "elsewhere";
                return Task.CompletedTask;
            }

            return LocalServer.Respond(ctx, "{}");
        });
        await using var _ = receiver;
        await using var kit = await Kit.CreateAsync();
        var (id, _) = await kit.RegisterAsync(receiver.BaseUri + "hook");
        var change = await kit.ChangeAsync();
        await kit.DispatchAsync(change);

        await kit.DrainDeliverQueueAsync();

        Assert.Equal(["/hook"], receiver.Requests.Select(r => r.PathAndQuery));
        var d = await DeliveryAsync(kit, change, id);
        Assert.Equal(DeliveryStatus.Pending, d.Status);
        Assert.Equal(307, d.LastStatusCode);
        Assert.Contains("not followed", d.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_response_body_is_read_only_to_64_KiB()
    {
        await using var receiver = await LocalServer.StartAsync(async ctx =>
        {
            ctx.Response.ContentType = "text/plain";
            var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            for (var i = 0; i < 160 && !ctx.RequestAborted.IsCancellationRequested; i++)
            {
                await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted).AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
        await using var kit = await Kit.CreateAsync();
        var (id, _) = await kit.RegisterAsync(receiver.BaseUri + "hook");
        var sender = kit.Get<WebhookSender>();

        var result = await sender.SendAsync(id, receiver.BaseUri + "hook", "msg_test", "{}"u8.ToArray(), [Alerts.Core.Webhooks.WebhookSigner.NewSecret()]);

        Assert.True(result.Success);
        Assert.Equal(64 * 1024, result.BodyBytesRead);
        Assert.Equal(WebhookSender.ExcerptBytes, result.Excerpt!.Length);
    }

    [Fact]
    public async Task A_crash_after_the_POST_before_the_record_redelivers_once_with_the_same_webhook_id()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{}"));
        await using var kit = await Kit.CreateAsync();
        var (id, secret) = await kit.RegisterAsync(receiver.BaseUri + "hook");
        var change = await kit.ChangeAsync();
        await kit.DispatchAsync(change);
        var queue = kit.Get<AlertsStorage>().Queue(StorageNames.DeliverQueue);
        var channel = kit.Get<WebhookChannel>();
        channel.AfterSend = () => throw new InvalidOperationException("process killed");

        // The host takes the message, posts, dies before recording: the message is not deleted.
        var message = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5))).Value.Single();
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Alerts.Server.Hosting.QueuePump.HandleAsync(kit.Services.Provider, StorageNames.DeliverQueue, message.Body.ToString(), CancellationToken.None));
        channel.AfterSend = null;
        await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, message.Body, TimeSpan.Zero); // the dead host's lease runs out
        var ran = await kit.DrainDeliverQueueAsync();
        await kit.Get<DispatchService>().DeliverAsync(new DeliverMessage(WebhookChannel.Name, DeliveryLedger.DeliveryId(change.Id, id), 1));

        Assert.Equal(1, ran);
        var requests = receiver.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(requests[0].Headers["webhook-id"], requests[1].Headers["webhook-id"]);
        Kit.Verify(secret, requests[1]);
        var d = await DeliveryAsync(kit, change, id);
        Assert.Equal(DeliveryStatus.Delivered, d.Status);
        Assert.Equal(1, d.Attempts);
    }

    [Fact]
    public async Task Redeliver_sends_a_delivered_change_again_with_the_same_webhook_id()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{}"));
        await using var kit = await Kit.CreateAsync();
        var (id, secret) = await kit.RegisterAsync(receiver.BaseUri + "hook");
        var change = await kit.ChangeAsync();
        await kit.DispatchAsync(change);
        await kit.DrainDeliverQueueAsync();
        var deliveryId = DeliveryLedger.DeliveryId(change.Id, id);

        var r = await kit.Api.CallAsync("RedeliverWebhook", kit.Keys.TeamA, id: id, deliveryId: deliveryId);
        var whilePending = await kit.Api.CallAsync("RedeliverWebhook", kit.Keys.TeamA, id: id, deliveryId: deliveryId);
        await kit.DrainDeliverQueueAsync();

        Assert.Equal(202, r.Status);
        Assert.Equal(409, whilePending.Status);
        var requests = receiver.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(requests[0].Headers["webhook-id"], requests[1].Headers["webhook-id"]);
        Assert.Equal(r.Json.GetProperty("webhookId").GetString(), requests[1].Headers["webhook-id"]);
        Kit.Verify(secret, requests[1]);
        var log = (await kit.Api.CallAsync("ListWebhookDeliveries", kit.Keys.TeamA, id: id)).Json.GetProperty("items");
        Assert.Equal(2, log.GetArrayLength());
        Assert.All(log.EnumerateArray(), a => Assert.Equal(deliveryId, a.GetProperty("deliveryId").GetString()));
    }

    /// <summary>A receiver that holds every request until <paramref name="release"/> is cancelled; the task completes when the first arrives.</summary>
    private static async Task<(LocalServer Server, Task Entered)> HoldingReceiverAsync(CancellationToken release)
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = await LocalServer.StartAsync(async ctx =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, release).ContinueWith(_ => { }, TaskScheduler.Default);
            await LocalServer.Respond(ctx, "{}");
        });
        return (server, entered.Task);
    }

    [Fact]
    public async Task A_slow_endpoint_does_not_hold_back_another_endpoint()
    {
        using var release = new CancellationTokenSource();
        var (holding, slowEntered) = await HoldingReceiverAsync(release.Token);
        await using var slow = holding;
        await using var fast = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{}"));
        await using var kit = await Kit.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Alerts:Webhooks:MaxConcurrencyPerEndpoint"] = "1",
            ["Alerts:Webhooks:TimeoutSeconds"] = "30",
        });
        var (slowId, _) = await kit.RegisterAsync(slow.BaseUri + "hook");
        var (fastId, _) = await kit.RegisterAsync(fast.BaseUri + "hook");
        var first = await kit.ChangeAsync();
        var second = await kit.ChangeAsync();
        var channel = kit.Get<DispatchService>();

        var ledger = kit.Get<DeliveryLedger>();
        foreach (var (c, ep) in new[] { (first, slowId), (second, slowId), (first, fastId), (second, fastId) })
        {
            await ledger.CreateAsync(new DeliveryRecord { ChangeId = c.Id, Channel = WebhookChannel.Name, TargetId = ep, TeamId = "team-a" });
        }

        var stuck = channel.DeliverAsync(new DeliverMessage(WebhookChannel.Name, DeliveryLedger.DeliveryId(first.Id, slowId), 1));
        await slowEntered;
        await channel.DeliverAsync(new DeliverMessage(WebhookChannel.Name, DeliveryLedger.DeliveryId(second.Id, slowId), 1));
        await channel.DeliverAsync(new DeliverMessage(WebhookChannel.Name, DeliveryLedger.DeliveryId(first.Id, fastId), 1));
        await channel.DeliverAsync(new DeliverMessage(WebhookChannel.Name, DeliveryLedger.DeliveryId(second.Id, fastId), 1));

        Assert.False(stuck.IsCompleted);
        Assert.Equal(2, fast.Requests.Count);
        Assert.Single(slow.Requests);
        Assert.Equal(DeliveryStatus.Delivered, (await DeliveryAsync(kit, second, fastId)).Status);
        var busy = await DeliveryAsync(kit, second, slowId);
        Assert.Equal(0, busy.Attempts);
        Assert.Equal(DeliveryStatus.Pending, busy.Status);
        await release.CancelAsync();
        await stuck;
        Assert.Equal(DeliveryStatus.Delivered, (await DeliveryAsync(kit, first, slowId)).Status);
    }

    [Fact]
    public async Task When_slow_receivers_hold_every_slot_another_delivery_waits_one_time_out_then_goes_back_as_busy()
    {
        using var release = new CancellationTokenSource();
        var (holding, slowEntered) = await HoldingReceiverAsync(release.Token);
        await using var slow = holding;
        await using var fast = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{}"));
        await using var kit = await Kit.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Alerts:Webhooks:MaxConcurrency"] = "1",
            ["Alerts:Webhooks:TimeoutSeconds"] = "30",
        });
        var clock = kit.Clock; // the service's clock
        var (slowId, _) = await kit.RegisterAsync(slow.BaseUri + "hook");
        var (fastId, _) = await kit.RegisterAsync(fast.BaseUri + "hook", key: kit.Keys.TeamB);
        var change = await kit.ChangeAsync();
        var ledger = kit.Get<DeliveryLedger>();
        await ledger.CreateAsync(new DeliveryRecord { ChangeId = change.Id, Channel = WebhookChannel.Name, TargetId = slowId, TeamId = "team-a" });
        await ledger.CreateAsync(new DeliveryRecord { ChangeId = change.Id, Channel = WebhookChannel.Name, TargetId = fastId, TeamId = "team-b" });
        var channel = kit.Get<DispatchService>();

        var stuck = channel.DeliverAsync(new DeliverMessage(WebhookChannel.Name, DeliveryLedger.DeliveryId(change.Id, slowId), 1));
        await slowEntered;
        var timersBefore = clock.TimersCreated;
        var waiting = channel.DeliverAsync(new DeliverMessage(WebhookChannel.Name, DeliveryLedger.DeliveryId(change.Id, fastId), 1));
        // At the gate the delivery waits for a slot at most one time-out, on the service's clock: once that wait is scheduled, pass it.
        var gate = await clock.TimerAsync(timer => timer.Index >= timersBefore && timer.OneShot && timer.DueTime == TimeSpan.FromSeconds(30));
        Assert.False(waiting.IsCompleted);
        clock.Advance(gate.DueTime);

        await waiting.WaitAsync(WatchedClock.Patience); // without a time-out on the gate this waits for the slow receiver
        Assert.False(stuck.IsCompleted);
        Assert.Empty(fast.Requests);
        var busy = await DeliveryAsync(kit, change, fastId);
        Assert.Equal(0, busy.Attempts); // nothing was sent: no attempt of its schedule is spent
        Assert.Equal(DeliveryStatus.Pending, busy.Status);
        await release.CancelAsync();
        await stuck;
        await channel.DeliverAsync(new DeliverMessage(WebhookChannel.Name, DeliveryLedger.DeliveryId(change.Id, fastId), 1));
        Assert.Equal(DeliveryStatus.Delivered, (await DeliveryAsync(kit, change, fastId)).Status);
    }

    [Fact]
    public async Task A_delivery_whose_payload_cannot_be_built_is_dead_with_the_reason_and_not_sent()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{}"));
        await using var kit = await Kit.CreateAsync();
        var (id, _) = await kit.RegisterAsync(receiver.BaseUri + "hook");
        // A log entry from before item limits: a link far past the 20 KiB a webhook body may carry.
        var change = await kit.ChangeAsync(url: "https://www.federalregister.gov/d/" + new string('x', 30_000));

        await kit.DispatchAsync(change);
        Assert.Equal(1, await kit.DrainDeliverQueueAsync());
        Assert.Equal(0, await kit.DrainDeliverQueueAsync()); // not re-queued, and the message did not fail

        var dead = await DeliveryAsync(kit, change, id);
        Assert.Equal(DeliveryStatus.Dead, dead.Status);
        Assert.StartsWith("the payload could not be built: ", dead.LastError, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Slack_and_Teams_bodies_carry_the_same_facts_and_link()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "ok", "text/plain"));
        await using var kit = await Kit.CreateAsync();
        await kit.RegisterAsync(receiver.BaseUri + "slack", format: "slack");
        await kit.RegisterAsync(receiver.BaseUri + "teams", format: "teams");
        var change = await kit.ChangeAsync(severity: Severity.Critical);

        await kit.DispatchAsync(change);
        await kit.DrainDeliverQueueAsync();

        var slack = JsonDocument.Parse(receiver.Requests.Single(r => r.PathAndQuery == "/slack").Body).RootElement;
        var teams = JsonDocument.Parse(receiver.Requests.Single(r => r.PathAndQuery == "/teams").Body).RootElement;
        var link = Kit.PublicBaseUrl + "/api/changes/" + change.Id;
        Assert.Contains(change.Title, slack.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("header", slack.GetProperty("blocks")[0].GetProperty("type").GetString());
        Assert.Contains(link, slack.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("critical", slack.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("MessageCard", teams.GetProperty("@type").GetString());
        Assert.Contains(change.Title, teams.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains(link, teams.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(teams.GetProperty("sections")[0].GetProperty("facts").EnumerateArray(), f => f.GetProperty("value").GetString() == "critical");
        Assert.NotEmpty(kit.Logs.Lines);
        Assert.DoesNotContain(kit.Logs.Lines, l => l.Contains(receiver.BaseUri + "slack", StringComparison.Ordinal) || l.Contains(receiver.BaseUri + "teams", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("slack")]
    [InlineData("teams")]
    public void A_change_with_a_huge_description_still_fits_in_20_KB_with_its_link(string format)
    {
        var change = new ChangeRecord
        {
            Id = "chg_big",
            SourceId = "s",
            ItemKey = "k",
            ChangeType = ChangeType.Modified,
            Title = new string('T', 2000),
            Description = string.Concat(Enumerable.Repeat("Long regulatory text. ", 10_000)),
            Summary = new string('S', 5000),
            Matched = [.. Enumerable.Range(0, 500).Select(i => "term-" + i.ToString(CultureInfo.InvariantCulture))],
        };

        var body = WebhookPayloads.ForChange(format, change, Kit.PublicBaseUrl);

        Assert.True(body.Length <= WebhookPayloads.MaxBytes, $"{body.Length} bytes");
        Assert.Contains(Kit.PublicBaseUrl + "/api/changes/chg_big", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        JsonDocument.Parse(body).Dispose();
    }

    [Fact]
    public void The_retry_schedule_is_the_documented_one_with_bounded_jitter()
    {
        Assert.Equal(
            [
                TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10),
                TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24)
            ],
            RetryPolicy.Webhooks().Delays);
        var random = new Random(7);
        var samples = Enumerable.Range(0, 200).Select(_ => RetryPolicy.Webhooks(0.1).NextDelay(3, random)!.Value).ToList();
        Assert.All(samples, s => Assert.InRange(s, TimeSpan.FromMinutes(27), TimeSpan.FromMinutes(33)));
        Assert.True(samples.Distinct().Count() > 100);
        Assert.Null(RetryPolicy.Webhooks().NextDelay(RetryPolicy.Webhooks().MaxAttempts));
    }
}
