using Alerts.Core.Delivery;
using Alerts.Core.Polling;

namespace Alerts.Tests.Polling;

public sealed class SchedulingAndDispatchTests
{
    private static async Task<List<string>> DrainAsync(AlertsStorage storage, string queue)
    {
        var bodies = new List<string>();
        while (true)
        {
            var batch = (await storage.Queue(queue).ReceiveMessagesAsync(32)).Value;
            if (batch.Length == 0)
            {
                return bodies;
            }

            foreach (var m in batch)
            {
                bodies.Add(m.Body.ToString());
                await storage.Queue(queue).DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }
        }
    }

    [Fact]
    public async Task Due_sources_are_enqueued_once_even_by_two_schedulers_and_not_again_before_their_interval()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        await using var t = await TestServices.CreateAsync(clock: clock);
        var storage = t.Get<AlertsStorage>();
        var scheduler = t.Get<PollScheduler>();
        var twin = new PollScheduler(t.Get<SourceRegistry>(), t.Get<SourceStateStore>(), t.Get<QueueSender>(), clock);

        var both = await Task.WhenAll(scheduler.EnqueueDueAsync(), twin.EnqueueDueAsync());
        clock.Advance(TimeSpan.FromMinutes(1));
        var aMinuteLater = await scheduler.EnqueueDueAsync();
        var longest = t.Get<Alerts.Core.Sources.SourceCatalog>().All.Where(s => s.Enabled).Max(s => s.IntervalMinutes);
        clock.Advance(TimeSpan.FromMinutes(longest * 1.1 + 1)); // interval plus the most jitter
        var afterTheLongestInterval = await scheduler.EnqueueDueAsync();

        var enabled = t.Get<Alerts.Core.Sources.SourceCatalog>().All.Where(s => s.Enabled).Select(s => s.Id).Order().ToList();
        Assert.Equal(enabled, both.SelectMany(x => x).Order());
        Assert.Empty(aMinuteLater);
        Assert.Equal(enabled, afterTheLongestInterval.Order());
        var messages = await DrainAsync(storage, StorageNames.PollQueue);
        Assert.Equal(enabled.Count * 2, messages.Count);
    }

    [Fact]
    public async Task A_recorded_change_whose_dispatch_message_was_lost_is_re_enqueued_by_the_reconciler_and_then_marked_done()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        await using var t = await TestServices.CreateAsync(clock: clock);
        var storage = t.Get<AlertsStorage>();
        var change = (await t.Get<ChangeLogStore>().AppendAsync(new ChangeRecord
        {
            Id = ChangeRecord.NewId("test", "k", null, "v"),
            SourceId = "test",
            ItemKey = "k",
            ChangeType = ChangeType.Added,
            Title = "t",
        })).Change;
        var dispatcher = t.Get<DispatchService>();

        var tooEarly = await dispatcher.ReconcileAsync();
        clock.Advance(TimeSpan.FromMinutes(3));
        var reconciled = await dispatcher.ReconcileAsync();
        var messages = await DrainAsync(storage, StorageNames.DispatchQueue);
        await dispatcher.DispatchAsync(QueueSender.Parse<DispatchMessage>(Assert.Single(messages)));
        var afterDispatch = await dispatcher.ReconcileAsync();

        Assert.Equal(0, tooEarly);
        Assert.Equal(1, reconciled);
        Assert.Equal(change.Id, QueueSender.Parse<DispatchMessage>(messages[0]).ChangeId);
        Assert.Equal(0, afterDispatch);
    }
}
