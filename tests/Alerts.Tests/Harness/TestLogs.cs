using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Alerts.Tests.Harness;

/// <summary>
/// The one log collector of the tests: Microsoft.Extensions.Diagnostics.Testing's <see cref="FakeLogCollector"/> behind a
/// <see cref="FakeLoggerProvider"/>, at every level; <see cref="Lines"/> gives each record as one line to search.
/// </summary>
public sealed class TestLogs
{
    private TestLogs(FakeLoggerProvider provider) => Provider = provider;

    public FakeLoggerProvider Provider { get; }

    public FakeLogCollector Collector => Provider.Collector;

    /// <summary>Each record as one line: category, message, exception and the structured values.</summary>
    public IReadOnlyList<string> Lines => [.. Collector.GetSnapshot().Select(r =>
        $"{r.Category}: {r.Message} {r.Exception} " + string.Join(" ", (r.StructuredState ?? []).Select(p => $"{p.Key}={p.Value}")))];

    /// <summary>A collector added to <paramref name="services"/>' logging at Trace.</summary>
    public static TestLogs AddTo(IServiceCollection services)
    {
        var logs = new TestLogs(new FakeLoggerProvider());
        services.AddLogging(b => b.AddProvider(logs.Provider).SetMinimumLevel(LogLevel.Trace));
        return logs;
    }
}
