namespace Alerts.Core.Polling;

/// <summary>
/// A source's health after each poll: last attempt and success, consecutive failures, last error, and the operator
/// alerts (one when a failure streak reaches Alerts:FailureAlertThreshold, one when the source recovers). Each method
/// makes at most one write of the source's state and returns how many it made.
/// </summary>
public sealed partial class SourceHealthTracker(SourceStateStore states, OperatorAlerts alerts, IOptions<AlertsOptions> options, TimeProvider time, ILogger<SourceHealthTracker> logger)
{
    /// <summary>A heartbeat write of the last success at most this often when nothing else changed.</summary>
    public static readonly TimeSpan HealthHeartbeat = TimeSpan.FromHours(1);

    /// <summary>
    /// The poll failed: one more in the streak; the alert is raised once the streak reaches the threshold, or at once with
    /// <paramref name="alertNow"/> (a suspect fetch: the next poll may already confirm it). A streak alerts once.
    /// </summary>
    public async Task<int> RecordFailureAsync(SourceState state, string message, bool alertNow = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var failures = state.ConsecutiveFailures + 1;
        var alert = (alertNow || failures >= options.Value.FailureAlertThreshold) && !state.FailureAlerted;
        LogFailure(logger, state.SourceId, message);
        await states.SaveAsync(state with
        {
            LastAttemptAt = time.GetUtcNow(),
            ConsecutiveFailures = failures,
            LastError = message,
            FailureAlerted = state.FailureAlerted || alert,
        }, cancellationToken: cancellationToken);
        if (alert)
        {
            // Raised after the state is saved with FailureAlerted, so a streak alerts once.
            await alerts.RaiseFailingAsync(state.SourceId, failures, message, cancellationToken);
        }

        return 1;
    }

    /// <summary>The source asked us to wait: not a failure; the next poll is due no earlier than it asked (the scheduler reads NextDueAt).</summary>
    public async Task<int> RecordWaitAsync(SourceState state, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        LogWaiting(logger, state.SourceId, wait);
        var until = time.GetUtcNow() + wait;
        if (state.NextDueAt is not null && state.NextDueAt >= until)
        {
            return 0;
        }

        await states.SaveAsync(state with { NextDueAt = until, LastAttemptAt = time.GetUtcNow() }, cancellationToken: cancellationToken);
        return 1;
    }

    /// <summary>
    /// The poll succeeded. <paramref name="progressed"/> is the state as read, with the poll's cursor, validators and
    /// baseline flag; <paramref name="progressChanged"/> says whether those moved. The state is written only when
    /// something moved, the health changes, or the last success is older than <see cref="HealthHeartbeat"/>.
    /// </summary>
    public async Task<int> RecordSuccessAsync(SourceState progressed, bool progressChanged, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var meaningful = progressChanged || progressed.ConsecutiveFailures > 0 || progressed.LastError is not null || progressed.LastSuccessAt is null
            || now - progressed.LastSuccessAt >= HealthHeartbeat;
        if (!meaningful)
        {
            return 0;
        }

        if (progressed.FailureAlerted)
        {
            await alerts.RaiseRecoveredAsync(progressed.SourceId, progressed.ConsecutiveFailures, cancellationToken);
        }

        await states.SaveAsync(progressed with
        {
            LastAttemptAt = now,
            LastSuccessAt = now,
            ConsecutiveFailures = 0,
            LastError = null,
            FailureAlerted = false,
        }, cancellationToken: cancellationToken);
        return 1;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {SourceId} failed: {Error}")]
    private static partial void LogFailure(ILogger logger, string sourceId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {SourceId} asked us to wait {Wait}")]
    private static partial void LogWaiting(ILogger logger, string sourceId, TimeSpan wait);
}
