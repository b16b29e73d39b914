using Alerts.Core.Polling;

namespace Alerts.Tests.Sources;

/// <summary>Poll steps and checks the source tests share; what each test expects of the result stays in the test.</summary>
internal static class SourcePolls
{
    /// <summary>Polls the source once, forgets the requests that poll made and polls it again: afterwards
    /// <see cref="LocalServer.Requests"/> holds only the second poll's requests.</summary>
    public static async Task<SourcePollResult> SecondPollAsync(TestServices t, LocalServer server, string sourceId)
    {
        var poller = t.Get<PollService>();
        await poller.PollAsync(sourceId);
        server.Requests.Clear();
        return await poller.PollAsync(sourceId);
    }

    /// <summary>Asserts that a poll was a wait, not a failure: it is ok and waiting, and the source counts no failure.</summary>
    public static async Task AssertAWaitNotAFailureAsync(TestServices t, string sourceId, SourcePollResult result)
    {
        Assert.True(result.Ok, result.Error);
        Assert.True(result.Waiting);
        Assert.Equal(0, (await t.Get<SourceStateStore>().GetAsync(sourceId)).ConsecutiveFailures);
    }
}
