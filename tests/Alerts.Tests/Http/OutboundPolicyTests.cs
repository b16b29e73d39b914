using Alerts.Core.Email;
using Alerts.Core.GitHub;
using Alerts.Core.Polling;
using Alerts.Core.Webhooks;

namespace Alerts.Tests.Http;

/// <summary>
/// Each outbound client has one retry owner (docs/faults.md, "Outbound HTTP"): the clients whose retries are durable in the
/// queue or owned by <c>SourceFetcher</c> and the poll schedule send a failed request once; the anchors client, whose PUT
/// is safe to repeat, retries it through the standard resilience handler on the service's clock.
/// </summary>
public sealed class OutboundPolicyTests
{
    public static TheoryData<string> SingleAttemptClients =>
    [
        WebhookSender.HttpClientName,
        EmailServiceCollectionExtensions.HttpClientName,
        GitHubClientFactory.HttpClientName(GitHubUse.Issues),
        GitHubClientFactory.HttpClientName(GitHubUse.Source),
        SourcePoller.HttpClientName,
    ];

    [Theory]
    [MemberData(nameof(SingleAttemptClients))]
    public async Task A_client_whose_retries_live_elsewhere_sends_a_failed_request_once(string client)
    {
        await using var server = await LocalServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = 503;
            ctx.Response.Headers.RetryAfter = "1";
            return Task.CompletedTask;
        });
        await using var t = await StartAsync();

        // A retry layer would wait on the fake clock, which nobody moves: the call would be cancelled instead of answered.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await t.Get<IHttpClientFactory>().CreateClient(client).PostAsync(new Uri(server.BaseUri, "x"), new StringContent("{}"), cancel.Token);

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task The_anchors_client_retries_a_503_on_the_service_clock()
    {
        var clock = new WatchedClock();
        var firstAnswered = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var answers = 0;
        await using var server = await LocalServer.StartAsync(ctx =>
        {
            if (Interlocked.Increment(ref answers) == 1)
            {
                // Every timer made from here on comes after the first attempt's own time-outs: the first is the retry's delay.
                firstAnswered.TrySetResult(clock.TimersCreated);
                ctx.Response.StatusCode = 503;
            }

            return Task.CompletedTask;
        });
        await using var t = await StartAsync(clock);

        var call = t.Get<IHttpClientFactory>().CreateClient(GitHubClientFactory.HttpClientName(GitHubUse.Anchors)).GetAsync(new Uri(server.BaseUri, "x"));
        var after = await firstAnswered.Task.WaitAsync(WatchedClock.Patience);
        var retryDelay = await clock.TimerAsync(timer => timer.Index >= after && timer.OneShot);
        var requestsBeforeTheDelay = server.Requests.Count;
        clock.Advance(retryDelay.DueTime);

        using var response = await call.WaitAsync(WatchedClock.Patience);
        Assert.Equal(1, requestsBeforeTheDelay); // the second attempt waited for the service's clock
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(2, server.Requests.Count);
    }

    private static Task<TestServices> StartAsync(FakeTimeProvider? clock = null) => TestServices.CreateAsync(
        new Dictionary<string, string?> { ["Alerts:Webhooks:AllowHttp"] = "true", ["Alerts:Webhooks:AllowedNetworks"] = "127.0.0.1/32" },
        clock ?? new FakeTimeProvider(DateTimeOffset.UtcNow));
}
