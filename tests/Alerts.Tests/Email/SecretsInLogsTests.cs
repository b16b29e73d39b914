using System.Collections.Concurrent;
using Alerts.Core.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alerts.Tests.Email;

public sealed class SecretsInLogsTests
{
    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}" + (state is IEnumerable<KeyValuePair<string, object?>> kv ? string.Join(" ", kv.Select(p => $"{p.Key}={p.Value}")) : ""));
        }
    }

    [Fact]
    public async Task Neither_the_SendGrid_key_nor_subscriber_tokens_appear_in_logs()
    {
        var lines = new ConcurrentQueue<string>();
        await using var kit = await EmailKit.CreateAsync(configure: s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingProvider(lines))));
        var s = await kit.SubscribeAndConfirmAsync("ana@example.org");
        await kit.DispatchAsync(await kit.RecordAsync());
        await kit.DrainAsync();
        var confirmToken = EmailKit.TokenFrom(kit.Accepted[0].Text, "/api/subscriptions/confirm");
        var manageToken = EmailKit.TokenFrom(EmailKit.UnsubscribeLink(kit.Accepted[^1].Personalizations[0]), "/api/subscriptions/unsubscribe");
        await kit.CallAsync("Unsubscribe", "POST", "?token=" + Uri.EscapeDataString(manageToken), "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");

        Assert.Equal(SubscriberStates.Unsubscribed, (await kit.Get<SubscriberStore>().GetAsync(s.Id))!.State);
        Assert.NotEmpty(lines); // the capture works: the HTTP client and our own events logged
        Assert.DoesNotContain(lines, l => l.Contains(EmailKit.ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(confirmToken.Split('.')[2], StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(manageToken.Split('.')[3], StringComparison.Ordinal));
    }
}
