namespace Alerts.Tests.Harness;

/// <summary>A timer code created on a <see cref="WatchedClock"/>: its place in the order of creation, its due time and period.</summary>
public sealed record ScheduledTimer(int Index, TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>True for a one-shot timer (a delay or a time-out), false for a repeating one (a lease renewal, say).</summary>
    public bool OneShot => Period == Timeout.InfiniteTimeSpan || Period == TimeSpan.Zero;
}
