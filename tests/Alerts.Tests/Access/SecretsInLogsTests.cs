using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Alerts.Core.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alerts.Tests.Access;

public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task Keys_and_feed_tokens_never_reach_the_logs_even_at_trace_level()
    {
        var logs = new CollectingLoggerProvider();
        await using var host = await AccessHost.StartAsync(configure: s => s.AddSingleton<ILoggerProvider>(logs),
            serverArgs: ["--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Trace", "--Logging:LogLevel:Microsoft.AspNetCore.Routing=Trace"]);
        var admin = host.Client(AccessHost.AdminKey);

        var created = JsonDocument.Parse(await (await admin.PostAsJsonAsync("api/keys", new { name = "auditor", role = "auditor" })).Content.ReadAsStringAsync()).RootElement;
        var key = created.GetProperty("key").GetString()!;
        var feedToken = created.GetProperty("feedToken").GetString()!;
        await host.Client(key).GetAsync("api/changes?format=csv");
        await host.Client().GetAsync("api/changes.atom?feedToken=" + Uri.EscapeDataString(feedToken));
        await host.Client(key + "x").GetAsync("api/changes");
        await admin.GetAsync("api/keys");

        Assert.NotEmpty(logs.Messages);
        foreach (var secret in new[] { AccessHost.AdminKey, key, feedToken, Uri.EscapeDataString(feedToken) })
        {
            Assert.DoesNotContain(logs.Messages, m => m.Contains(secret, StringComparison.Ordinal));
        }
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CollectingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Messages.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
