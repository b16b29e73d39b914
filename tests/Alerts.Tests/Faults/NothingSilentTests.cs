using System.Text.Json.Nodes;
using Alerts.Core.Polling;
using Alerts.Core.Sources;
using Alerts.Core.Sources.ScreeningList;
using Xunit.Abstractions;

namespace Alerts.Tests.Faults;

/// <summary>Every exception in a poll reaches the source's health and the operator alert; per-source state stays small.</summary>
public sealed class NothingSilentTests(ITestOutputHelper output)
{
    private const string Csl = "csl-entity-list";

    /// <summary>Runs an action, synchronously, the first time the poll reports a given step.</summary>
    private sealed class OnStep(string prefix, Action action) : IProgress<PollProgress>
    {
        private bool _done;

        public void Report(PollProgress value)
        {
            if (!_done && value.Stage.StartsWith(prefix, StringComparison.Ordinal))
            {
                _done = true;
                action();
            }
        }
    }

    [Fact]
    public async Task A_storage_failure_while_recording_is_the_sources_failure_with_an_operator_alert_and_the_next_poll_records_the_change_once()
    {
        var body = await File.ReadAllBytesAsync(OfficialSupport.Corpus("trade-gov-csl", "csl-api-v2-entity-list-results-fixture.json"));
        await using var server = await LocalServer.StartAsync(ctx => ctx.Request.Path.Value == ScreeningListSource.JsonPath
            ? OfficialSupport.ServeBytes(ctx, body)
            : Task.Run(() => ctx.Response.StatusCode = 404));
        await using var t = await TestServices.CreateAsync(TestServices.PointAt(Csl, server.BaseUri, new Dictionary<string, string?> { ["Alerts:FailureAlertThreshold"] = "1" }));
        var poller = t.Get<PollService>();
        await poller.PollAsync(Csl);
        var entries = JsonNode.Parse(body)!.AsArray();
        entries[0]!["license_policy"] = "Policy of denial.";
        body = Encoding.UTF8.GetBytes(entries.ToJsonString());
        var changes = t.Get<AlertsStorage>().Table(StorageNames.Changes);

        // The change log's table vanishes just before the append: a storage fault in the middle of recording.
        var failed = await poller.PollAsync(Csl, new OnStep("recording", () => changes.Delete()));

        Assert.False(failed.Ok);
        Assert.Contains("the poll failed: Table", failed.Error, StringComparison.Ordinal);
        var state = await t.Get<SourceStateStore>().GetAsync(Csl);
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.Equal(failed.Error, state.LastError);
        var alert = Assert.Single(await t.Get<OperatorAlerts>().ListAsync(Csl));
        Assert.Equal(OperatorAlerts.Failing, alert.Kind);

        await changes.CreateIfNotExistsAsync();
        var next = await poller.PollAsync(Csl);
        Assert.True(next.Ok, next.Error);
        Assert.Equal(ChangeType.Modified, Assert.Single(next.Recorded).ChangeType);
        Assert.Empty((await poller.PollAsync(Csl)).Recorded);
    }

    [Fact]
    public async Task A_page_whose_URL_changes_every_day_for_a_year_keeps_a_small_state()
    {
        const string Id = "daily-notices";
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 6, 0, 0, TimeSpan.Zero));
        await using var server = await LocalServer.StartAsync(ctx =>
        {
            var page = "<html><body><ul>"
                + string.Concat(Enumerable.Range(1, 5).Select(i => $"<li class=\"notice\"><a href=\"/notices/{i}.html\">Notice {i} on export licensing</a></li>"))
                + "</ul></body></html>";
            var bytes = Encoding.UTF8.GetBytes(page);
            return OfficialSupport.ServeBytes(ctx, bytes, "text/html",
                "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(ctx.Request.Path.Value!)))[..16] + "\"");
        });
        await using var t = await TestServices.CreateAsync(clock: clock);
        var overrides = t.Get<SourceOverrides>();
        var poller = t.Get<PollService>();
        var origin = server.BaseUri.GetLeftPart(UriPartial.Authority) + "/";

        for (var day = 0; day < 365; day++)
        {
            // The publisher files each day's notices under a dated address; the operator points the source at it.
            var date = clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await overrides.RemoveSourceAsync(Id);
            Assert.Null(await overrides.AddSourceAsync(new SourceDefinition
            {
                Id = Id,
                Kind = "page",
                DefaultBaseUrl = origin,
                Settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["path"] = $"/notices/{date}.html", ["selector"] = "li.notice" },
            }));
            var result = await poller.PollAsync(Id);
            Assert.True(result.Ok, result.Error);
            clock.Advance(TimeSpan.FromDays(1));
        }

        var row = (await t.Get<AlertsStorage>().Table(StorageNames.Sources).GetEntityAsync<TableEntity>("source", TableKeys.Encode(Id))).Value;
        var bytes = row.Sum(p => p.Value switch { string s => Encoding.UTF8.GetByteCount(s), byte[] b => b.Length, null => 0, _ => 8 });
        var state = await t.Get<SourceStateStore>().GetAsync(Id);
        output.WriteLine($"state of {Id} after 365 daily URLs: {bytes} bytes, {state.Validators.Count} validator entries, cursor {state.Cursor?.Length ?? 0} characters");
        Console.WriteLine($"state of {Id} after 365 daily URLs: {bytes} bytes, {state.Validators.Count} validator entries");
        Assert.Single(state.Validators);
        Assert.True(bytes < 2_048, $"the state row is {bytes} bytes");
    }
}
