namespace Alerts.Core.Delivery;

/// <summary>
/// When the attempts of a delivery happen, one type for every channel, configured per channel: <see cref="Delays"/>[0] is the
/// first attempt (immediately), <see cref="Delays"/>[n] the wait after the n-th failed attempt, each wait with jitter (plus or
/// minus <see cref="Jitter"/> of it). After the last attempt fails the delivery is exhausted.
/// </summary>
public sealed class RetryPolicy
{
    /// <summary>
    /// The schedule of ARCHITECTURE.md for webhooks (and GitHub issues): immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
    /// 14 h, 20 h and 24 h after the previous failure. Ten attempts over about three and a half days.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> WebhookDelays =
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

    /// <summary>E-mail (a SendGrid request after a 5xx or a time-out): immediately, then 1 min, 5 min, 30 min, 2 h, 6 h and 12 h, without jitter.</summary>
    public static RetryPolicy Email { get; } = new(
        [TimeSpan.Zero, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6), TimeSpan.FromHours(12)]);

    public RetryPolicy(IReadOnlyList<TimeSpan> delays, double jitter = 0)
    {
        ArgumentOutOfRangeException.ThrowIfZero(delays.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(jitter);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jitter, 1);
        Delays = delays;
        Jitter = jitter;
    }

    /// <summary>The webhook schedule (<see cref="WebhookDelays"/>) with <paramref name="jitter"/> (WebhookOptions.RetryJitter).</summary>
    public static RetryPolicy Webhooks(double jitter = 0.1) => new(WebhookDelays, jitter);

    /// <summary>Delay before attempt n+1 is Delays[n] (Delays[0] = the first attempt: immediately).</summary>
    public IReadOnlyList<TimeSpan> Delays { get; }

    /// <summary>How far a wait may move either way, as a fraction of it (0.1: plus or minus 10 %).</summary>
    public double Jitter { get; }

    /// <summary>How many attempts a delivery gets.</summary>
    public int MaxAttempts => Delays.Count;

    /// <summary>The wait after attempt <paramref name="failedAttempt"/> (1-based) failed, with jitter; null when the schedule is exhausted.</summary>
    public TimeSpan? NextDelay(int failedAttempt, Random? random = null)
    {
        if (failedAttempt < 1 || failedAttempt >= Delays.Count)
        {
            return null;
        }

        var d = Delays[failedAttempt];
        if (Jitter == 0)
        {
            return d;
        }

        var factor = 1 + (((random ?? Random.Shared).NextDouble() * 2) - 1) * Jitter;
        return TimeSpan.FromMilliseconds(d.TotalMilliseconds * factor);
    }

    /// <summary>
    /// The wait after attempt <paramref name="failedAttempt"/> failed when the receiver asked for <paramref name="retryAfter"/>
    /// (Retry-After, already read and capped): that wait when it is longer than the schedule's, never shorter (issue 12: a burst
    /// of 503s with Retry-After: 0 must not burn every attempt in seconds); null when the schedule is exhausted.
    /// </summary>
    public TimeSpan? NextDelay(int failedAttempt, TimeSpan? retryAfter, Random? random = null) =>
        NextDelay(failedAttempt, random) is { } scheduled ? (retryAfter > scheduled ? retryAfter.Value : scheduled) : null;
}
