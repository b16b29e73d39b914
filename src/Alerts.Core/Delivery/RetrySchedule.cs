namespace Alerts.Core.Delivery;

/// <summary>
/// When the attempts of a delivery happen (ARCHITECTURE.md): immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h,
/// 20 h and 24 h after the previous failure, each delay with jitter. Ten attempts over about three and a half days;
/// after the tenth failure the delivery is exhausted. Shared by every channel.
/// </summary>
public static class RetrySchedule
{
    /// <summary>Delay before attempt n+1 is Delays[n] (Delays[0] = the first attempt: immediately).</summary>
    public static readonly IReadOnlyList<TimeSpan> Delays =
    [
        TimeSpan.Zero,
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(14),
        TimeSpan.FromHours(20),
        TimeSpan.FromHours(24),
    ];

    /// <summary>How many attempts a delivery gets.</summary>
    public static int MaxAttempts => Delays.Count;

    /// <summary>
    /// The delay before the next attempt after attempt <paramref name="failedAttempt"/> (1-based) failed, with jitter
    /// (plus or minus <paramref name="jitter"/> of the delay); null when the schedule is exhausted.
    /// </summary>
    public static TimeSpan? NextDelay(int failedAttempt, double jitter = 0.1, Random? random = null)
    {
        if (failedAttempt < 1 || failedAttempt >= Delays.Count)
        {
            return null;
        }

        var d = Delays[failedAttempt];
        var factor = 1 + (((random ?? Random.Shared).NextDouble() * 2) - 1) * jitter;
        return TimeSpan.FromMilliseconds(d.TotalMilliseconds * factor);
    }
}
