namespace Alerts.Tests.Access;

public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task Keys_and_feed_tokens_never_reach_the_logs_even_at_trace_level()
    {
        TestLogs? logs = null;
        await using var host = await TestWorld.StartAsync(configure: s => logs = TestLogs.AddTo(s),
            serverArgs: ["--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Trace", "--Logging:LogLevel:Microsoft.AspNetCore.Routing=Trace"]);
        var created = (await host.Api.CallAsync("CreateKey", TestWorld.AdminKey, new { name = "auditor", role = "auditor" })).Json;
        var key = created.GetProperty("key").GetString()!;
        var feedToken = created.GetProperty("feedToken").GetString()!;
        await host.Api.CallAsync("ListChanges", key, query: "?format=csv");
        await host.Api.CallAsync("ChangesAtom", query: "?feedToken=" + Uri.EscapeDataString(feedToken));
        await host.Api.CallAsync("ListChanges", key + "x");
        await host.Api.CallAsync("ListKeys", TestWorld.AdminKey);

        var messages = logs!.Lines;
        Assert.NotEmpty(messages);
        foreach (var secret in new[] { TestWorld.AdminKey, key, feedToken, Uri.EscapeDataString(feedToken) })
        {
            Assert.DoesNotContain(messages, m => m.Contains(secret, StringComparison.Ordinal));
        }
    }
}
