namespace Alerts.Tests.Harness;

/// <summary>
/// Holds what a host sends with a delay (a retry, a wait for a busy story, a Retry-After) on the test's fake clock, through
/// <see cref="QueueSender"/>'s seam, instead of Azurite's visibility delay, which runs on the wall clock: the test sees each
/// delay, moves the clock, and <see cref="ReleaseDueAsync"/> puts the messages now due on their queues.
/// </summary>
public sealed class HeldMessages
{
    private readonly TimeProvider _clock;
    private readonly Func<AlertsStorage> _storage;
    private readonly List<HeldMessage> _held = [];
    private readonly TaskCompletionSource<HeldMessage> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HeldMessages(TimeProvider clock, Func<AlertsStorage> storage)
    {
        _clock = clock;
        _storage = storage;
    }

    /// <summary>Holds the delayed messages of <paramref name="services"/> from now on.</summary>
    public static HeldMessages On(TestServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var held = new HeldMessages(services.Clock!, services.Get<AlertsStorage>);
        held.Attach(services);
        return held;
    }

    /// <summary>
    /// Held messages of several hosts on one storage (the fault world's processes): each host is <see cref="Attach"/>ed,
    /// and due messages are sent through <paramref name="storage"/> (the host that runs at that moment).
    /// </summary>
    public static HeldMessages For(TimeProvider clock, Func<AlertsStorage> storage) => new(clock, storage);

    /// <summary>Holds what <paramref name="host"/> sends with a delay from now on.</summary>
    public void Attach(TestServices host) => host.Get<QueueSender>().Delayed = HoldAsync;

    /// <summary>When the next held message is due; null when none is held.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_held)
            {
                return _held.Count == 0 ? null : _held.Min(m => m.Due);
            }
        }
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
        var now = _clock.GetUtcNow();
        List<HeldMessage> due;
        lock (_held)
        {
            due = [.. _held.Where(m => m.Due <= now)];
            _held.RemoveAll(m => m.Due <= now);
        }

        foreach (var m in due)
        {
            await _storage().Queue(m.Queue).SendMessageAsync(m.Body);
        }

        return due.Count;
    }

    /// <summary>Holds <paramref name="body"/> for <paramref name="queue"/> until <paramref name="delay"/> has passed on the clock.</summary>
    public Task HoldAsync(string queue, string body, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        var message = new HeldMessage(queue, body, delay, _clock.GetUtcNow() + delay);
        lock (_held)
        {
            _held.Add(message);
        }

        _first.TrySetResult(message);
        return Task.CompletedTask;
    }
}
