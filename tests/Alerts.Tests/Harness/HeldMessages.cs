namespace Alerts.Tests.Harness;

/// <summary>
/// Holds what a host sends with a delay (a retry, a wait for a busy story, a Retry-After) on the test's fake clock, through
/// <see cref="QueueSender"/>'s seam, instead of Azurite's visibility delay, which runs on the wall clock: the test sees each
/// delay, moves the clock, and <see cref="ReleaseDueAsync"/> puts the messages now due on their queues.
/// </summary>
public sealed class HeldMessages
{
    private readonly TestServices _services;
    private readonly List<HeldMessage> _held = [];
    private readonly TaskCompletionSource<HeldMessage> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HeldMessages(TestServices services) => _services = services;

    /// <summary>Holds the delayed messages of <paramref name="services"/> from now on.</summary>
    public static HeldMessages On(TestServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var held = new HeldMessages(services);
        services.Get<QueueSender>().Delayed = held.HoldAsync;
        return held;
    }

    /// <summary>Completes with the first message held.</summary>
    public Task<HeldMessage> First => _first.Task;

    /// <summary>The messages held and not yet released.</summary>
    public IReadOnlyList<HeldMessage> Waiting
    {
        get
        {
            lock (_held)
            {
                return [.. _held];
            }
        }
    }

    /// <summary>Sends the held messages due by the fake clock to their queues, visible at once; returns how many.</summary>
    public async Task<int> ReleaseDueAsync()
    {
        var now = _services.Clock!.GetUtcNow();
        List<HeldMessage> due;
        lock (_held)
        {
            due = [.. _held.Where(m => m.Due <= now)];
            _held.RemoveAll(m => m.Due <= now);
        }

        foreach (var m in due)
        {
            await _services.Get<AlertsStorage>().Queue(m.Queue).SendMessageAsync(m.Body);
        }

        return due.Count;
    }

    private Task HoldAsync(string queue, string body, TimeSpan delay, CancellationToken cancellationToken)
    {
        var message = new HeldMessage(queue, body, delay, _services.Clock!.GetUtcNow() + delay);
        lock (_held)
        {
            _held.Add(message);
        }

        _first.TrySetResult(message);
        return Task.CompletedTask;
    }
}
