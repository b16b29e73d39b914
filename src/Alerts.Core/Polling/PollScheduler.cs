namespace Alerts.Core.Polling;

/// <summary>Every minute: which enabled sources are due (interval plus jitter), each claimed with an ETag so two schedulers enqueue it once.</summary>
public sealed class PollScheduler(SourceRegistry registry, SourceStateStore states, QueueSender queues, TimeProvider time)
{
    public async Task<IReadOnlyList<string>> EnqueueDueAsync(CancellationToken cancellationToken = default)
    {
        var sources = await registry.ListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var all = await states.GetAllAsync(cancellationToken);
        var enqueued = new List<string>();
        foreach (var source in sources.Where(s => s.Enabled))
        {
            var state = all.GetValueOrDefault(source.Id) ?? new SourceState { SourceId = source.Id };
            if (state.NextDueAt is { } due && due > now)
            {
                continue;
            }

            var jitter = TimeSpan.FromSeconds(Random.Shared.Next(0, Math.Max(1, source.IntervalMinutes * 6))); // up to 10% of the interval
            var claimed = await states.SaveAsync(state with { NextDueAt = now + TimeSpan.FromMinutes(source.IntervalMinutes) + jitter }, ifMatch: true, cancellationToken);
            if (claimed)
            {
                await queues.SendAsync(StorageNames.PollQueue, new PollMessage(source.Id), cancellationToken: cancellationToken);
                enqueued.Add(source.Id);
            }
        }

        return enqueued;
    }
}
