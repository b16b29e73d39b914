using System.Diagnostics;
using Alerts.Core.Delivery;
using Alerts.Core.Polling;
using Alerts.Core.Telemetry;
using Alerts.Core.Webhooks;
using Alerts.Tests.Webhooks;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit.Abstractions;

namespace Alerts.Tests.Telemetry;

public sealed class TelemetryTests(ITestOutputHelper output)
{
    private static readonly ActivitySource TestSource = new("Alerts.Tests.Telemetry");

    [Fact]
    public async Task One_Federal_Register_poll_exports_a_poll_span_with_query_free_HTTP_children_a_dispatch_span_in_its_trace_metrics_and_logs()
    {
        await using var server = await LocalServer.StartAsync(FederalRegisterServer.Documents);
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        var logs = new List<LogRecord>();
        await using var t = await TestServices.CreateAsync(FederalRegisterServer.Settings(server.BaseUri), configure: s =>
        {
            s.AddAlertsTelemetry(new ConfigurationBuilder().Build());
            s.ConfigureOpenTelemetryTracerProvider(b => b.AddSource(TestSource.Name).AddInMemoryExporter(spans));
            s.ConfigureOpenTelemetryMeterProvider(b => b.AddInMemoryExporter(metrics));
            s.ConfigureOpenTelemetryLoggerProvider(b => b.AddInMemoryExporter(logs));
        });
        var tracer = t.Get<TracerProvider>();
        var meter = t.Get<MeterProvider>();
        _ = t.Get<LoggerProvider>();

        ActivityTraceId traceId;
        using (var root = TestSource.StartActivity("test"))
        {
            traceId = root!.TraceId;
            var result = await t.Get<PollService>().PollAsync("federal-register");
            Assert.True(result.Ok, result.Error);
            Assert.Equal(3, result.Recorded.Count);
        }

        // The poll enqueued one dispatch message per change; handling them (as a queue worker would) continues the trace.
        var queue = t.Get<AlertsStorage>().Queue(StorageNames.DispatchQueue);
        var messages = (await queue.ReceiveMessagesAsync(32)).Value;
        Assert.Equal(3, messages.Length);
        foreach (var m in messages)
        {
            var message = QueueSender.Parse<DispatchMessage>(m.Body.ToString());
            Assert.StartsWith("00-" + traceId, message.TraceParent, StringComparison.Ordinal);
            await t.Get<DispatchService>().DispatchAsync(message);
        }

        tracer.ForceFlush();
        meter.ForceFlush();
        var ours = spans.Where(s => s.TraceId == traceId).ToList();
        Print(ours, metrics, logs);

        var poll = Assert.Single(ours, s => s.Source.Name == AlertsTelemetry.Name && s.OperationName == "poll");
        Assert.Equal("federal-register", poll.GetTagItem("alerts.source"));
        Assert.Equal(3, poll.GetTagItem("alerts.changes_recorded"));
        var http = ours.Where(s => s.ParentSpanId == poll.SpanId && s.Kind == ActivityKind.Client && s.GetTagItem("url.full") is not null).ToList();
        Assert.Contains(http, s => Equals(s.GetTagItem("server.port"), server.BaseUri.Port));
        Assert.All(http, s => Assert.Equal(TelemetryRedaction.Origin((string)s.GetTagItem("url.full")!), s.GetTagItem("url.full")));
        var dispatches = ours.Where(s => s.OperationName == "dispatch").ToList();
        Assert.Equal(3, dispatches.Count);
        Assert.All(dispatches, d => Assert.Equal(poll.SpanId, d.ParentSpanId));

        // Nothing exported carries a path or query of an outbound request: not in a tag, a span name, or a log.
        var exported = ours.SelectMany(s => s.TagObjects.Select(kv => kv.Value?.ToString()).Append(s.DisplayName).Append(s.StatusDescription))
            .Concat(logs.SelectMany(l => (l.Attributes ?? []).Select(kv => kv.Value?.ToString()).Append(l.FormattedMessage)))
            .OfType<string>().ToList();
        Assert.DoesNotContain(exported, v => v.Contains("documents.json", StringComparison.Ordinal) || v.Contains("conditions", StringComparison.Ordinal));
        Assert.DoesNotContain(exported, v => v.Contains("://", StringComparison.Ordinal) && v.Contains('?', StringComparison.Ordinal));

        Assert.True(Sum(metrics, "alerts.polls", ("alerts.source", "federal-register"), ("alerts.outcome", "ok")) >= 1);
        Assert.True(Sum(metrics, "alerts.changes.recorded", ("alerts.source", "federal-register")) >= 3);
        Assert.Contains(metrics, m => m.Name == "alerts.poll.duration");
        Assert.Contains(logs, l => l.FormattedMessage?.StartsWith("Source federal-register polled: ok, 3 items read, 3 changes recorded", StringComparison.Ordinal) == true
            && l.TraceId == traceId);
    }

    [Fact]
    public async Task A_delivered_webhook_gets_a_deliver_span_under_its_dispatch_span_and_each_message_its_queue_age()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{}"));
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        await using var kit = await Kit.CreateAsync(configure: s =>
        {
            s.AddAlertsTelemetry(new ConfigurationBuilder().Build());
            s.ConfigureOpenTelemetryTracerProvider(b => b.AddSource(TestSource.Name).AddInMemoryExporter(spans));
            s.ConfigureOpenTelemetryMeterProvider(b => b.AddInMemoryExporter(metrics));
        });
        var tracer = kit.Get<TracerProvider>();
        var meter = kit.Get<MeterProvider>();
        await kit.RegisterAsync(receiver.BaseUri + "hook");
        var change = await kit.ChangeAsync();

        ActivityTraceId traceId;
        using (var root = TestSource.StartActivity("test"))
        {
            traceId = root!.TraceId;
            await kit.Get<QueueSender>().SendAsync(StorageNames.DispatchQueue, new DispatchMessage(change.Id));
        }

        // The dispatch message waits 7 s on its queue (on the test's clock); the deliver message it sends is taken at once.
        kit.Clock.Advance(TimeSpan.FromSeconds(7));
        var sent = Assert.Single((await kit.Get<AlertsStorage>().Queue(StorageNames.DispatchQueue).ReceiveMessagesAsync(32)).Value);
        var message = QueueSender.Parse<DispatchMessage>(sent.Body.ToString());
        await kit.Get<DispatchService>().DispatchAsync(message);
        var delivered = await kit.DrainDeliverQueueAsync();
        tracer.ForceFlush();
        meter.ForceFlush();
        var ours = spans.Where(s => s.TraceId == traceId).ToList();
        Print(ours, metrics, []);

        Assert.Equal(kit.Clock.GetUtcNow() - TimeSpan.FromSeconds(7), message.VisibleAt);
        Assert.Equal(1, delivered);
        Assert.Single(receiver.Requests);
        var dispatch = Assert.Single(ours, s => s.Source.Name == AlertsTelemetry.Name && s.OperationName == "dispatch");
        var deliver = Assert.Single(ours, s => s.Source.Name == AlertsTelemetry.Name && s.OperationName == "deliver");
        Assert.Equal(dispatch.SpanId, deliver.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, deliver.Kind);
        Assert.Equal(WebhookChannel.Name, deliver.GetTagItem("alerts.channel"));
        Assert.Equal(AlertsTelemetry.Outcomes.Delivered, deliver.GetTagItem("alerts.outcome"));
        Assert.True(Histogram(metrics, "alerts.queue.age", ("alerts.queue", StorageNames.DispatchQueue)).Sum >= 7);
        Assert.True(Histogram(metrics, "alerts.queue.age", ("alerts.queue", StorageNames.DeliverQueue)).Count >= 1);
    }

    [Fact]
    public void Redaction_cuts_urls_in_text_to_their_origin()
    {
        Assert.Equal("https://hooks.slack.com", TelemetryRedaction.Origin("https://hooks.slack.com/services/T000/B000/XXXXSECRET?x=1"));
        Assert.Equal("failed: https://example.org:8443/[redacted] (503)", TelemetryRedaction.Text("failed: https://example.org:8443/a/b?token=s3cret (503)"));
        Assert.Equal("[redacted]", TelemetryRedaction.Origin("not a url"));
    }

    private static (double Sum, long Count) Histogram(List<Metric> metrics, string name, params (string Key, string Value)[] tags)
    {
        double sum = 0;
        long count = 0;
        foreach (var point in Points(metrics, name, tags))
        {
            sum = Math.Max(sum, point.GetHistogramSum());
            count = Math.Max(count, point.GetHistogramCount());
        }

        return (sum, count);
    }

    private static long Sum(List<Metric> metrics, string name, params (string Key, string Value)[] tags)
    {
        long sum = 0;
        foreach (var point in Points(metrics, name, tags))
        {
            sum = Math.Max(sum, point.GetSumLong());
        }

        return sum;
    }

    /// <summary>The points of the metrics called <paramref name="name"/> that carry every one of <paramref name="tags"/>.</summary>
    private static List<MetricPoint> Points(List<Metric> metrics, string name, (string Key, string Value)[] tags)
    {
        var points = new List<MetricPoint>();
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    pointTags[tag.Key] = tag.Value;
                }

                if (tags.All(t => Equals(pointTags.GetValueOrDefault(t.Key), t.Value)))
                {
                    points.Add(point);
                }
            }
        }

        return points;
    }

    private void Print(List<Activity> spans, List<Metric> metrics, List<LogRecord> logs)
    {
        output.WriteLine("SPANS");
        foreach (var s in spans.OrderBy(s => s.StartTimeUtc))
        {
            var tags = string.Join(" ", s.TagObjects
                .Where(kv => kv.Key.StartsWith("alerts.", StringComparison.Ordinal) || kv.Key is "url.full" or "http.request.method" or "http.response.status_code" or "server.port")
                .Select(kv => $"{kv.Key}={kv.Value}"));
            output.WriteLine($"  {s.Source.Name,-18} {s.Kind,-8} {s.DisplayName,-10} span={s.SpanId} parent={s.ParentSpanId} {s.Duration.TotalMilliseconds,6:0.0} ms {tags}");
        }

        output.WriteLine("METRICS (alerts.*)");
        foreach (var m in metrics
            .Where(m => m.Name.StartsWith("alerts.", StringComparison.Ordinal) || m.Name.StartsWith("http.client", StringComparison.Ordinal))
            .GroupBy(m => m.Name)
            .Select(g => g.Last()))
        {
            foreach (ref readonly var p in m.GetMetricPoints())
            {
                var tags = new List<string>();
                foreach (var tag in p.Tags)
                {
                    tags.Add($"{tag.Key}={tag.Value}");
                }

                var value = m.MetricType switch
                {
                    MetricType.LongSum => p.GetSumLong().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    MetricType.Histogram => $"count={p.GetHistogramCount()} sum={p.GetHistogramSum():0.000}",
                    _ => m.MetricType.ToString(),
                };
                output.WriteLine($"  {m.Name} {{{string.Join(", ", tags)}}} {value}");
            }
        }

        output.WriteLine("LOGS");
        foreach (var l in logs)
        {
            output.WriteLine($"  {l.LogLevel} {l.CategoryName}: {l.FormattedMessage} trace={l.TraceId}");
        }
    }
}
