using Alerts.Core.Polling;
using Alerts.Server.Cli;

namespace Alerts.Tests.Polling;

/// <summary>The parts of a poll on their own: the registry every reader shares, and the health tracker.</summary>
public sealed class PollPartsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sources_another_host_adds_disables_or_removes_are_seen_at_once_and_a_removed_one_is_not_polled()
    {
        await using var t = await TestServices.CreateAsync();
        var registry = t.Get<SourceRegistry>();
        var settings = t.Settings.ToDictionary();
        Task<int> Cli(params string[] args) => AlertsCli.RunAsync(args, new StringWriter(), new StringWriter(), settings: settings);

        Assert.Equal(AlertsCli.Ok, await Cli("sources", "add", "bis-press", "--kind", "feed", "--base-url", "https://example.gov", "--setting", "path=/rss.xml"));
        Assert.Equal(AlertsCli.Ok, await Cli("sources", "disable", "ecfr-ear"));
        var afterAdd = await registry.ListAsync();
        var found = await registry.FindAsync("BIS-PRESS");
        Assert.Equal(AlertsCli.Ok, await Cli("sources", "remove", "bis-press"));
        var afterRemove = await registry.ListAsync();

        Assert.Equal("bis-press", afterAdd[^1].Id);
        Assert.False(afterAdd.Single(s => s.Id == "ecfr-ear").Enabled);
        Assert.Equal("/rss.xml", found?.Setting("path"));
        Assert.DoesNotContain(afterRemove, s => s.Id == "bis-press");
        Assert.False(afterRemove.Single(s => s.Id == "ecfr-ear").Enabled);
        await Assert.ThrowsAsync<ArgumentException>(() => t.Get<PollService>().PollAsync("bis-press"));
        Assert.Empty(await t.Get<SourceStateStore>().GetAllAsync());
    }

    [Fact]
    public async Task A_source_asking_to_wait_moves_its_next_poll_later_and_never_earlier()
    {
        var clock = new FakeTimeProvider(Noon);
        await using var t = await TestServices.CreateAsync(clock: clock);
        var tracker = t.Get<SourceHealthTracker>();
        var states = t.Get<SourceStateStore>();

        var first = await tracker.RecordWaitAsync(new SourceState { SourceId = "federal-register" }, TimeSpan.FromMinutes(10));
        var shorter = await tracker.RecordWaitAsync(await states.GetAsync("federal-register"), TimeSpan.FromMinutes(5));
        var stored = await states.GetAsync("federal-register");

        Assert.Equal(1, first);
        Assert.Equal(0, shorter);
        Assert.Equal(Noon + TimeSpan.FromMinutes(10), stored.NextDueAt);
        Assert.Equal(0, stored.ConsecutiveFailures);
        Assert.Null(stored.LastError);
    }

    [Fact]
    public async Task A_success_that_moves_nothing_writes_the_state_at_most_hourly_and_a_recovery_raises_one_alert()
    {
        var clock = new FakeTimeProvider(Noon);
        await using var t = await TestServices.CreateAsync(clock: clock);
        var tracker = t.Get<SourceHealthTracker>();
        var alerts = t.Get<OperatorAlerts>();
        var healthy = new SourceState { SourceId = "ecfr-ear", LastSuccessAt = Noon - TimeSpan.FromMinutes(10) };
        var stale = healthy with { SourceId = "federal-register", LastSuccessAt = Noon - SourceHealthTracker.HealthHeartbeat };
        var recovering = healthy with { SourceId = "csl-entity-list", ConsecutiveFailures = 3, LastError = "the server answered 500", FailureAlerted = true };

        var quiet = await tracker.RecordSuccessAsync(healthy, progressChanged: false);
        var moved = await tracker.RecordSuccessAsync(healthy, progressChanged: true);
        var heartbeat = await tracker.RecordSuccessAsync(stale, progressChanged: false);
        var recovered = await tracker.RecordSuccessAsync(recovering, progressChanged: false);

        Assert.Equal([0, 1, 1, 1], new[] { quiet, moved, heartbeat, recovered });
        var state = await t.Get<SourceStateStore>().GetAsync("csl-entity-list");
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Null(state.LastError);
        Assert.False(state.FailureAlerted);
        Assert.Equal(Noon, state.LastSuccessAt);
        var alert = Assert.Single(await alerts.ListAsync());
        Assert.Equal((OperatorAlerts.Recovered, "csl-entity-list", 3), (alert.Kind, alert.SourceId, alert.Failures));
    }
}
