using System.Net.Http.Json;
using System.Text.Json;
using Alerts.Core.Api;
using Alerts.Tests.Harness;

namespace Alerts.Tests.Access;

public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task Keys_and_feed_tokens_never_reach_the_logs_even_at_trace_level()
    {
        TestLogs? logs = null;
        await using var host = await AccessHost.StartAsync(configure: s => logs = TestLogs.AddTo(s),
            serverArgs: ["--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Trace", "--Logging:LogLevel:Microsoft.AspNetCore.Routing=Trace"]);
        var admin = host.Client(AccessHost.AdminKey);

        var created = JsonDocument.Parse(await (await admin.PostAsJsonAsync("api/keys", new { name = "auditor", role = "auditor" })).Content.ReadAsStringAsync()).RootElement;
        var key = created.GetProperty("key").GetString()!;
        var feedToken = created.GetProperty("feedToken").GetString()!;
        await host.Client(key).GetAsync("api/changes?format=csv");
        await host.Client().GetAsync("api/changes.atom?feedToken=" + Uri.EscapeDataString(feedToken));
        await host.Client(key + "x").GetAsync("api/changes");
        await admin.GetAsync("api/keys");

        var messages = logs!.Lines;
        Assert.NotEmpty(messages);
        foreach (var secret in new[] { AccessHost.AdminKey, key, feedToken, Uri.EscapeDataString(feedToken) })
        {
            Assert.DoesNotContain(messages, m => m.Contains(secret, StringComparison.Ordinal));
        }
    }
}
