using Alerts.Functions;
using Alerts.Server.Hosting;

namespace Alerts.Tests.Hosts;

/// <summary>
/// No Functions host runs here, so the app is held to what the host reads: the functions.metadata the worker SDK
/// generates at build (copied into this test's output with the Functions project) and host.json.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static JsonElement[] Functions()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"functions.metadata was not generated at {path}");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static JsonElement Trigger(JsonElement function) =>
        Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    private static JsonElement HostJson()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Paths.RepoRoot, "host.json")));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void The_generated_metadata_declares_one_http_trigger_for_every_api_route()
    {
        var http = Assert.Single(Functions(), f => Trigger(f).GetProperty("type").GetString() == "httpTrigger");
        var trigger = Trigger(http);

        Assert.Equal(HttpFunctions.Name, http.GetProperty("name").GetString());
        Assert.Equal("{*path}", trigger.GetProperty("route").GetString());
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal(ApiRoutes.All.Select(r => r.Method.ToLowerInvariant()).Distinct().Order(), trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).Order());
    }

    [Fact]
    public void The_generated_metadata_declares_a_timer_for_each_schedule_with_its_cron_expression()
    {
        var timers = Functions()
            .Where(f => Trigger(f).GetProperty("type").GetString() == "timerTrigger")
            .Select(f => $"{f.GetProperty("name").GetString()} {Trigger(f).GetProperty("schedule").GetString()}")
            .Order();

        Assert.Equal(Schedules.All.Select(s => $"{s.Name} {s.Cron}").Order(), timers);
    }

    [Theory]
    [InlineData("")]
    [InlineData("prod")]
    public void The_generated_queue_triggers_read_the_queues_the_senders_write_once_the_app_settings_resolve(string prefix)
    {
        var queues = Functions().Where(f => Trigger(f).GetProperty("type").GetString() == "queueTrigger").Select(Trigger).ToList();

        Assert.All(queues, q => Assert.Equal(QueueBindings.Connection, q.GetProperty("connection").GetString()));
        Assert.Equal(
            StorageNames.AllQueues.Select(q => AlertsStorage.QueueName(prefix, q)).Order(),
            queues.Select(q => QueueBindings.Resolve(q.GetProperty("queueName").GetString()!, QueueBindings.Settings(prefix))).Order());
    }

    [Fact]
    public void The_generated_metadata_holds_only_the_http_trigger_the_timers_and_the_queue_triggers()
    {
        var functions = Functions();

        Assert.Equal(1 + Schedules.All.Count + StorageNames.AllQueues.Length, functions.Length);
        Assert.All(functions, f => Assert.Equal("dotnet-isolated", f.GetProperty("language").GetString()));
    }

    [Fact]
    public void Host_json_decodes_queue_messages_as_the_senders_encode_them_and_poisons_after_the_pumps_count()
    {
        var queues = HostJson().GetProperty("extensions").GetProperty("queues");

        // QueueSender (and the storage registration) send base64, the Functions default; "none" would break every trigger.
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
        // The self-host's pump moves a message to <queue>-poison after the same number of tries, and health and
        // `alerts queues` watch StorageNames.Poison(queue), which is the host's own "<queue>-poison" naming.
        Assert.Equal(QueuePump.MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal("poll-poison", StorageNames.Poison(StorageNames.PollQueue));
        // The service allows at most 32 messages a receive.
        Assert.InRange(queues.GetProperty("batchSize").GetInt32(), 1, 32);
    }

    [Fact]
    public void Host_json_serves_under_api_and_keeps_information_logs()
    {
        var host = HostJson();

        Assert.Equal("2.0", host.GetProperty("version").GetString());
        Assert.Equal("api", host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        var levels = host.GetProperty("logging").GetProperty("logLevel");
        Assert.Equal("Information", levels.GetProperty("default").GetString());
        foreach (var category in new[] { "Function", "Host.Results", "Alerts" })
        {
            if (levels.TryGetProperty(category, out var level))
            {
                Assert.Contains(level.GetString(), new[] { "Trace", "Debug", "Information" });
            }
        }
    }
}
