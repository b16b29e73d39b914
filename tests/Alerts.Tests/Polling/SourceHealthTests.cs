using Alerts.Core.Delivery;
using Alerts.Core.Polling;
using Alerts.Server.Cli;

namespace Alerts.Tests.Polling;

public sealed class SourceHealthTests
{
    private const string Id = "csl-entity-list";

    private static Task<TestServices> Services(LocalServer server) => TestServices.CreateAsync(
        TestServices.PointAt(Id, server.BaseUri, new Dictionary<string, string?> { ["Alerts:FailureAlertThreshold"] = "2" }));

    private static async Task<(int Status, JsonDocument? Body)> CallAsync(TestServices t, string name, string method, string? id = null, bool withKey = true)
    {
        var ctx = new DefaultHttpContext { RequestServices = t.Provider };
        ctx.Request.Method = method;
        if (id is not null)
        {
            ctx.Request.RouteValues["id"] = id;
        }

        if (withKey)
        {
            ctx.Request.Headers.Authorization = "Bearer " + (await TestKeys.CreateAsync(t)).Admin;
        }

        using var body = new MemoryStream();
        ctx.Response.Body = body;
        var result = await t.Get<ApiHandlers>().InvokeAsync(name, ctx);
        await result.ExecuteAsync(ctx);
        return (ctx.Response.StatusCode, body.Length == 0 ? null : JsonDocument.Parse(body.ToArray()));
    }

    [Fact]
    public async Task Consecutive_failures_raise_one_operator_alert_and_recovery_raises_one_more()
    {
        var failing = true;
        var file = await File.ReadAllBytesAsync(OfficialSupport.Corpus("trade-gov-csl", "csl-api-v2-entity-list-results-fixture.json"));
        await using var server = await LocalServer.StartAsync(ctx =>
        {
            if (failing)
            {
                ctx.Response.StatusCode = 500;
                return Task.CompletedTask;
            }

            return OfficialSupport.ServeBytes(ctx, file);
        });
        await using var t = await Services(server);
        var poller = t.Get<PollService>();
        var alerts = t.Get<OperatorAlerts>();

        for (var i = 0; i < 5; i++)
        {
            Assert.False((await poller.PollAsync(Id)).Ok);
        }

        var afterFailures = await alerts.ListAsync(Id);
        var failingAlert = Assert.Single(afterFailures);
        Assert.Equal(OperatorAlerts.Failing, failingAlert.Kind);
        Assert.Equal(2, failingAlert.Failures);
        Assert.Contains("500", failingAlert.Error, StringComparison.Ordinal);
        var state = await t.Get<SourceStateStore>().GetAsync(Id);
        Assert.Equal(5, state.ConsecutiveFailures);
        Assert.NotNull(state.LastAttemptAt);
        Assert.Null(state.LastSuccessAt);

        failing = false;
        Assert.True((await poller.PollAsync(Id)).Ok);
        Assert.True((await poller.PollAsync(Id)).Ok);

        var all = await alerts.ListAsync(Id);
        Assert.Equal([OperatorAlerts.Recovered, OperatorAlerts.Failing], all.Select(a => a.Kind));
        var recovered = await t.Get<SourceStateStore>().GetAsync(Id);
        Assert.Equal(0, recovered.ConsecutiveFailures);
        Assert.Null(recovered.LastError);
        Assert.NotNull(recovered.LastSuccessAt);
    }

    [Fact]
    public async Task The_admin_sources_endpoint_shows_each_sources_health()
    {
        await using var server = await LocalServer.StartAsync(Answer500);
        await using var t = await Services(server);
        await t.Get<PollService>().PollAsync(Id);

        var (status, body) = await CallAsync(t, "ListSources", "GET");

        Assert.Equal(200, status);
        var items = body!.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.GetProperty("id").GetString() == "ecfr-ear");
        var csl = items.Single(i => i.GetProperty("id").GetString() == Id);
        Assert.Equal(1, csl.GetProperty("consecutiveFailures").GetInt32());
        Assert.Contains("500", csl.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, csl.GetProperty("lastAttemptAt").ValueKind);
        Assert.False(csl.TryGetProperty("lastSuccessAt", out _));
    }

    [Fact]
    public async Task The_sources_endpoint_needs_an_admin_key()
    {
        await using var server = await LocalServer.StartAsync();
        await using var t = await Services(server);

        var (status, body) = await CallAsync(t, "ListSources", "GET", withKey: false);

        Assert.Equal(401, status);
        Assert.EndsWith("/unauthorized", body!.RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Polling_a_source_through_the_API_puts_one_poll_message_on_the_queue()
    {
        await using var server = await LocalServer.StartAsync();
        await using var t = await Services(server);

        var (status, body) = await CallAsync(t, "PollSource", "POST", Id);

        Assert.Equal(202, status);
        Assert.Equal(Id, body!.RootElement.GetProperty("sourceId").GetString());
        var messages = (await t.Get<AlertsStorage>().Queue(StorageNames.PollQueue).ReceiveMessagesAsync(10)).Value;
        var message = Assert.Single(messages);
        Assert.Equal(Id, QueueSender.Parse<PollMessage>(message.Body.ToString()).SourceId);
    }

    [Fact]
    public async Task Polling_an_unknown_source_through_the_API_is_a_404_and_enqueues_nothing()
    {
        await using var server = await LocalServer.StartAsync();
        await using var t = await Services(server);

        var (status, body) = await CallAsync(t, "PollSource", "POST", "no-such-source");

        Assert.Equal(404, status);
        Assert.Contains("no-such-source", body!.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await t.Get<AlertsStorage>().Queue(StorageNames.PollQueue).ReceiveMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task The_sources_command_shows_last_attempt_failures_last_error_and_next_due()
    {
        await using var server = await LocalServer.StartAsync(Answer500);
        await using var t = await Services(server);
        await t.Get<PollService>().PollAsync(Id);
        var stdout = new StringWriter();

        var code = await AlertsCli.RunAsync(["sources"], stdout, new StringWriter(), s => s.PostConfigure<AlertsOptions>(t.SameStorage));

        Assert.Equal(AlertsCli.Ok, code);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("LAST ATTEMPT", lines[0], StringComparison.Ordinal);
        Assert.Contains("NEXT DUE", lines[0], StringComparison.Ordinal);
        var row = lines.Single(l => l.StartsWith(Id + " ", StringComparison.Ordinal));
        Assert.Contains("the server answered 500", row, StringComparison.Ordinal);
        Assert.Matches(@"\s1\s", row);
    }

    /// <summary>A source server that fails every request with 500.</summary>
    private static Task Answer500(HttpContext ctx)
    {
        ctx.Response.StatusCode = 500;
        return Task.CompletedTask;
    }

    private static Action<IServiceCollection> SameStorage(TestServices t) => s => s.PostConfigure<AlertsOptions>(t.SameStorage);

    [Fact]
    public async Task A_source_disabled_from_the_command_line_is_not_scheduled_until_enabled_again()
    {
        await using var server = await LocalServer.StartAsync();
        await using var t = await Services(server);
        var scheduler = t.Get<PollScheduler>();

        var stdout = new StringWriter();
        Assert.Equal(AlertsCli.Ok, await AlertsCli.RunAsync(["sources", "disable", Id], stdout, new StringWriter(), SameStorage(t)));
        Assert.Contains($"{Id}: disabled", stdout.ToString(), StringComparison.Ordinal);
        var first = await scheduler.EnqueueDueAsync();
        Assert.DoesNotContain(Id, first);
        Assert.Contains("ecfr-ear", first);
        Assert.False((await t.Get<SourceAdministration>().ListAsync()).Single(s => s.Id == Id).Enabled);

        Assert.Equal(AlertsCli.Ok, await AlertsCli.RunAsync(["sources", "enable", Id], new StringWriter(), new StringWriter(), SameStorage(t)));
        var second = await scheduler.EnqueueDueAsync();

        Assert.Equal([Id], second);
        Assert.True((await t.Get<SourceAdministration>().ListAsync()).Single(s => s.Id == Id).Enabled);
    }

    [Fact]
    public async Task Disabling_an_unknown_source_is_a_usage_error_that_stores_nothing()
    {
        await using var server = await LocalServer.StartAsync();
        await using var t = await Services(server);
        var stderr = new StringWriter();

        var code = await AlertsCli.RunAsync(["sources", "disable", "no-such-source"], new StringWriter(), stderr, SameStorage(t));

        Assert.Equal(AlertsCli.Usage, code);
        Assert.Contains("no source 'no-such-source'", stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(await t.Get<SourceOverrides>().GetAllAsync());
    }
}
