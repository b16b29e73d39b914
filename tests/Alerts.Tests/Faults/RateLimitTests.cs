using Alerts.Core.Email;
using Alerts.Core.Webhooks;
using Alerts.Tests.Email;
using Alerts.Tests.Webhooks;

namespace Alerts.Tests.Faults;

/// <summary>Issue 12, item 6: sign-ups, test pings and the routes anyone can call are limited, with 429 and Retry-After.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Two_hosts_counting_at_once_hold_one_limit_and_ended_windows_are_pruned()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 10, TimeSpan.Zero));
        await using var services = await TestServices.CreateAsync(clock: clock);
        var storage = services.Get<AlertsStorage>();
        RateLimits[] hosts = [new(storage, clock), new(storage, clock)];
        var limit = new RateLimit("test-limit", 15, TimeSpan.FromMinutes(1));

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => hosts[i % 2].TryTakeAsync(limit, "one key")));

        Assert.Equal(15, answers.Count(a => a is null));
        Assert.All(answers.OfType<TimeSpan>(), wait => Assert.Equal(TimeSpan.FromSeconds(50), wait)); // until 09:01:00
        Assert.Null(await hosts[0].TryTakeAsync(limit, "another key")); // keys are counted apart

        // Two windows later the first request on each host deletes the ended windows' rows.
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await hosts[0].TryTakeAsync(limit, "one key"));
        var rows = new List<TableEntity>();
        await foreach (var e in storage.Table(StorageNames.RateLimits).QueryAsync<TableEntity>())
        {
            rows.Add(e);
        }

        var row = Assert.Single(rows);
        Assert.DoesNotContain("one key", row.RowKey, StringComparison.Ordinal); // a hash, not the key itself
        Assert.Equal(1, row.GetInt32("Count"));
    }

    [Fact]
    public async Task One_client_past_the_subscriber_routes_limit_gets_429_with_Retry_After_until_the_window_ends()
    {
        await using var host = await TestWorld.StartAsync();
        var limit = EmailRoutes.ClientLimit;

        for (var i = 0; i < limit.Permits; i++)
        {
            Assert.Equal(400, (await UnsubscribeAsync()).Status); // counted, answered normally
        }

        var refused = await UnsubscribeAsync();
        Assert.Equal(429, refused.Status);
        Assert.Equal("60", refused.Headers.RetryAfter.ToString()); // seconds: the clock stands at 09:00:00
        Assert.Equal("application/problem+json", refused.MediaType);
        Assert.EndsWith("/too-many-requests", refused.Json.GetProperty("type").GetString(), StringComparison.Ordinal);
        var page = await host.Api.CallAsync("ConfirmSubscriptionPage", query: "?token=x"); // a GET page is not limited
        Assert.Equal(200, page.Status);

        host.Clock.Advance(limit.Window);
        Assert.Equal(400, (await UnsubscribeAsync()).Status);

        var document = OpenApiDocument.Build(ApiRoutes.All);
        Assert.True(document["paths"]!["/api/subscriptions/unsubscribe"]!["post"]!["responses"]!.AsObject().ContainsKey("429"));
        Assert.False(document["paths"]!["/api/subscriptions/unsubscribe"]!["get"]!["responses"]!.AsObject().ContainsKey("429"));

        Task<ApiReply> UnsubscribeAsync() => host.Api.CallAsync(
            "Unsubscribe", query: "?token=not-a-token", contentType: "application/x-www-form-urlencoded", rawBody: "List-Unsubscribe=One-Click");
    }

    [Fact]
    public async Task Sign_ups_of_one_address_past_the_limit_are_refused_and_send_nothing()
    {
        await using var kit = await EmailKit.CreateAsync();
        var limit = SubscriptionsApi.SignUpsPerAddress;
        for (var i = 0; i < limit.Permits; i++)
        {
            Assert.Equal(202, (await kit.SubscribeAsync(new { email = "ana@example.org" })).Status);
            kit.Clock.Advance(TimeSpan.FromMinutes(6)); // past the five-minute mail throttle: each sign-up mails
        }

        var mails = kit.Accepted.Count;
        Assert.Equal(limit.Permits, mails);
        var refused = await kit.SubscribeAsync(new { email = "ana@example.org" });
        Assert.Equal(429, refused.Status);
        Assert.Contains("too-many-requests", refused.Body, StringComparison.Ordinal);
        Assert.Equal(mails, kit.Accepted.Count);
        Assert.Equal(202, (await kit.SubscribeAsync(new { email = "ben@example.org" })).Status); // another address is not held

        kit.Clock.Advance(limit.Window);
        Assert.Equal(202, (await kit.SubscribeAsync(new { email = "ana@example.org" })).Status);
    }

    [Fact]
    public async Task Test_pings_of_one_endpoint_past_the_limit_are_refused_without_a_request()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{}"));
        await using var kit = await Kit.CreateAsync();
        var (id, _) = await kit.RegisterAsync(receiver.BaseUri + "hook");
        for (var i = 0; i < WebhooksApi.Pings.Permits; i++)
        {
            Assert.Equal(200, (await kit.Api.CallAsync("TestWebhook", kit.Keys.TeamA, id: id)).Status);
        }

        var refused = await kit.Api.CallAsync("TestWebhook", kit.Keys.TeamA, id: id);

        Assert.Equal(429, refused.Status);
        Assert.True(int.Parse(refused.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(WebhooksApi.Pings.Permits, receiver.Requests.Count);
    }
}
