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
        var answers = 0;
        await using var server = await LocalServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = Interlocked.Increment(ref answers) == 1 ? 503 : 200;
            return Task.CompletedTask;
        });
        await using var t = await StartAsync();
        var clock = t.Clock!;

        var call = t.Get<IHttpClientFactory>().CreateClient(GitHubClientFactory.HttpClientName(GitHubUse.Anchors)).GetAsync(new Uri(server.BaseUri, "x"));
        for (var i = 0; i < 120 && !call.IsCompleted; i++)
        {
            // The retry waits on the fake clock: move it a second at a time until the second attempt is made.
            await Task.WhenAny(call, Task.Delay(25));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        using var response = await call;
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(2, server.Requests.Count);
    }

    private static Task<TestServices> StartAsync() => TestServices.CreateAsync(
        new Dictionary<string, string?> { ["Alerts:Webhooks:AllowHttp"] = "true", ["Alerts:Webhooks:AllowedNetworks"] = "127.0.0.1/32" },
        new FakeTimeProvider(DateTimeOffset.UtcNow));
}
