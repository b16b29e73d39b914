namespace Alerts.Tests.Harness;

/// <summary>
/// A fake clock that tells the test when code schedules something on it. A <c>Task.Delay</c> on the clock, a
/// <c>CancellationTokenSource</c> time-out on it, a resilience handler's retry delay and time-outs all create a timer here;
/// a test waits for the timer it expects, then advances the clock by its due time, instead of moving the clock in a loop
/// with real sleeps in between and hoping the code got there.
/// </summary>
public sealed class WatchedClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    /// <summary>How long a test waits, in real time, for a timer that should come; only a failing test ever waits that long.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly List<ScheduledTimer> _timers = [];
    private readonly List<(Func<ScheduledTimer, bool> Match, TaskCompletionSource<ScheduledTimer> Found)> _waiters = [];

    public WatchedClock()
        : this(DateTimeOffset.UtcNow)
    {
    }

    /// <summary>How many timers have been created so far (the <see cref="ScheduledTimer.Index"/> the next one gets).</summary>
    public int TimersCreated
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        List<TaskCompletionSource<ScheduledTimer>> found = [];
        ScheduledTimer created;
        lock (_gate)
        {
            created = new ScheduledTimer(_timers.Count, dueTime, period);
            _timers.Add(created);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(created))
                {
                    found.Add(_waiters[i].Found);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var f in found)
        {
            f.TrySetResult(created);
        }

        return timer;
    }

    /// <summary>
    /// The first timer, created so far or from now on, that <paramref name="match"/> accepts; fails after <see cref="Patience"/>
    /// (a test that expects a timer the code never creates fails instead of hanging).
    /// </summary>
    public Task<ScheduledTimer> TimerAsync(Func<ScheduledTimer, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var found = new TaskCompletionSource<ScheduledTimer>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_timers.FirstOrDefault(match) is { } already)
            {
                return Task.FromResult(already);
            }

            _waiters.Add((match, found));
        }

        return found.Task.WaitAsync(Patience);
    }
}
