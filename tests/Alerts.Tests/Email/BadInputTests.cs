using Alerts.Core.Email;

namespace Alerts.Tests.Email;

public sealed class BadInputTests
{
    [Theory]
    [InlineData("List-Unsubscribe=Maybe", "application/x-www-form-urlencoded", 400)]
    [InlineData("", "application/x-www-form-urlencoded", 400)]
    [InlineData("{\"List-Unsubscribe\":\"One-Click\"}", "application/json", 415)]
    public async Task A_malformed_one_click_request_is_refused_and_leaves_the_subscription(string body, string contentType, int expected)
    {
        await using var kit = await EmailKit.CreateAsync();
        var s = await kit.SubscribeAndConfirmAsync("ana@example.org");
        var token = Uri.EscapeDataString(kit.Get<SubscriberTokens>().Manage(s.Id, TimeSpan.FromDays(1)));

        var (status, _, _) = await kit.Api.CallAsync("Unsubscribe", query: "?token=" + token, rawBody: body, contentType: contentType);

        Assert.Equal(expected, status);
        Assert.Equal(SubscriberState.Active, (await kit.Get<SubscriberStore>().GetAsync(s.Id))!.State);
    }

    [Theory]
    [InlineData("{\"minSeverity\":", "application/json", 400)]
    [InlineData("{\"timeZone\":\"Mars/Olympus_Mons\"}", "application/json", 400)]
    [InlineData("{\"mode\":\"hourly\"}", "application/json", 400)]
    [InlineData("minSeverity=high", "application/x-www-form-urlencoded", 415)]
    public async Task A_bad_preferences_update_is_refused_and_changes_nothing(string body, string contentType, int expected)
    {
        await using var kit = await EmailKit.CreateAsync();
        var s = await kit.SubscribeAndConfirmAsync("ana@example.org", new { minSeverity = "low" });
        var token = Uri.EscapeDataString(kit.Get<SubscriberTokens>().Manage(s.Id, TimeSpan.FromDays(1)));

        var (status, _, _) = await kit.Api.CallAsync("UpdatePreferences", query: "?token=" + token, rawBody: body, contentType: contentType);

        Assert.Equal(expected, status);
        var now = await kit.Get<SubscriberStore>().GetAsync(s.Id);
        Assert.Equal("low", now!.Preferences.MinSeverity);
        Assert.Equal("immediate", now.Preferences.Mode);
    }

    [Fact]
    public async Task Event_webhook_bodies_that_are_not_signed_json_arrays_within_the_limit_are_refused()
    {
        await using var kit = await EmailKit.CreateAsync();
        var s = await kit.SubscribeAndConfirmAsync("ana@example.org");

        // Signed, but not JSON / not an array.
        foreach (var body in new[] { "[{\"event\":\"bounce\"", "{\"event\":\"bounce\",\"email\":\"ana@example.org\"}" })
        {
            var (sig, ts) = kit.Sign(body);
            Assert.Equal(400, (await kit.PostEventsAsync(body, sig, ts)).Status);
        }

        // Wrong content type and oversized bodies are refused before anything is read.
        var ctx = new DefaultHttpContext { RequestServices = kit.Services.Provider };
        ctx.Request.Method = "POST";
        ctx.Request.ContentType = "text/plain";
        ctx.Request.Body = new MemoryStream("[]"u8.ToArray());
        var result = await kit.Get<SendGridEventsApi>().ReceiveAsync(ctx.Request);
        ctx.Response.Body = new MemoryStream();
        await result.ExecuteAsync(ctx);
        Assert.Equal(415, ctx.Response.StatusCode);

        var huge = "[" + string.Join(",", Enumerable.Repeat("{\"event\":\"bounce\",\"email\":\"ana@example.org\"}", 30_000)) + "]";
        Assert.True(Encoding.UTF8.GetByteCount(huge) > SendGridEventsApi.MaxBodyBytes);
        var (hugeSig, hugeTs) = kit.Sign(huge);
        Assert.Equal(413, (await kit.PostEventsAsync(huge, hugeSig, hugeTs)).Status);

        Assert.Equal(SubscriberState.Active, (await kit.Get<SubscriberStore>().GetAsync(s.Id))!.State);
    }

    [Fact]
    public async Task A_SendGrid_time_out_is_retried_on_the_schedule()
    {
        await using var kit = await EmailKit.CreateAsync(new Dictionary<string, string?> { ["Alerts:SendGrid:TimeoutSeconds"] = "60" });
        await kit.SubscribeAndConfirmAsync("ana@example.org");
        var confirmations = kit.Accepted.Count;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        kit.Answer = async (_, json, ctx) =>
        {
            if (json.GetProperty("custom_args").GetProperty("kind").GetString() != "alert" || kit.SendGrid.Requests.Count > confirmations + 1)
            {
                return false;
            }

            // SendGrid holds the request until the client gives up on it (the service's time-out aborts it).
            reached.TrySetResult();
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            ctx.Response.StatusCode = 202;
            return true;
        };
        var change = await kit.RecordAsync();

        await kit.DispatchAsync(change);
        var drain = kit.DrainAsync();
        await reached.Task.WaitAsync(WatchedClock.Patience);
        kit.Clock.Advance(TimeSpan.FromSeconds(60)); // the time-out runs on the service's clock
        var handled = await drain.WaitAsync(WatchedClock.Patience);

        var batch = await kit.Get<EmailDeliveryStore>().GetBatchAsync(change.Id, 1);
        Assert.Equal(EmailBatchState.Queued, batch!.State);
        Assert.Equal(kit.Clock.GetUtcNow() + EmailChannel.Retries.Delays[1], batch.NextAttemptAt);
        Assert.Equal(EmailStatus.Pending, await kit.Get<EmailDeliveryStore>().StatusAsync(change.Id, (await kit.Get<SubscriberStore>().FindByEmailAsync("ana@example.org"))!.Id));

        await kit.Get<Alerts.Core.Delivery.DispatchService>().DeliverAsync(handled.Single() with { Attempt = 2 });

        Assert.Equal("sent", (await kit.Get<EmailDeliveryStore>().StatisticsAsync(change.Id)).Keys.Single());
    }
}
