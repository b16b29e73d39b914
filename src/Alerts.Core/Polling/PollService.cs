using System.Diagnostics;
using Alerts.Core.Telemetry;

namespace Alerts.Core.Polling;

/// <summary>
/// Polls one source end to end: fetch (<see cref="SourcePoller"/>), record what changed (<see cref="ChangeRecorder"/>:
/// detect, classify, append, snapshot, dispatch) and the source's state and health (<see cref="SourceHealthTracker"/>).
/// Each step is idempotent, so a poll cut off anywhere and run again records every change once. A failure is reported in
/// the source's health and never produces a change: an exception anywhere from the fetch to the state save is recorded
/// as the source's failure (and counts toward the operator alert), and an implausible answer of a complete-snapshot
/// source is held as a suspect fetch (<see cref="Detection.SuspectFetch"/>) without moving its cursor or validators.
/// One poll of a source runs at a time across every instance of the app: a poll takes the source's lease
/// (<see cref="StorageLeases"/>) and a second one, finding it held, ends at once as <see cref="SourcePollResult.Busy"/>.
/// </summary>
public sealed partial class PollService(SourceRegistry registry, SourceStateStore states, SourcePoller poller, ChangeRecorder recorder, SourceHealthTracker health,
    StorageLeases leases, TimeProvider time, ILogger<PollService> logger)
{
    /// <summary>How long a source's poll lease lasts without renewal (it is renewed while the poll runs): a crashed poll frees the source after this.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(5);

    /// <summary>The lease scope of one source's polls (one slot).</summary>
    public static string LeaseScope(string sourceId) => "poll|" + sourceId;

    /// <summary>Test seam: runs after the fetch ("poll.fetched") and before the state save ("poll.recorded"), to play a crash there.</summary>
    internal Func<string, CancellationToken, Task>? Step { get; set; }

    /// <summary>The "poll" queue's handler: polls the message's source in the trace of whoever enqueued it.</summary>
    public async Task<SourcePollResult> HandleAsync(PollMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = AlertsTelemetry.StartConsumer("poll", StorageNames.PollQueue, message.TraceParent, message.TraceState, message.VisibleAt, time.GetUtcNow());
        return await PollTracedAsync(activity, message.SourceId, null, cancellationToken);
    }

    /// <summary>Polls <paramref name="sourceId"/> (any registered source, enabled or not); an unknown id throws <see cref="ArgumentException"/>.</summary>
    public async Task<SourcePollResult> PollAsync(string sourceId, IProgress<PollProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var activity = AlertsTelemetry.Source.StartActivity("poll");
        return await PollTracedAsync(activity, sourceId, progress, cancellationToken);
    }

    private async Task<SourcePollResult> PollTracedAsync(Activity? activity, string sourceId, IProgress<PollProgress>? progress, CancellationToken cancellationToken)
    {
        activity?.SetTag("alerts.source", sourceId);
        try
        {
            SourcePollResult result;
            await using (var lease = await leases.TryAcquireAsync(LeaseScope(sourceId), 1, LeaseDuration, cancellationToken))
            {
                if (lease is null)
                {
                    LogBusy(logger, sourceId);
                    progress?.Report(new PollProgress(sourceId, "already being polled"));
                    result = new SourcePollResult(sourceId, true, null, [], 0, 0, false, false, 0, TimeSpan.Zero) { Busy = true };
                }
                else
                {
                    result = await PollOnceAsync(sourceId, progress, cancellationToken);
                }
            }

            var outcome = result.Busy ? "busy" : !result.Ok ? "failed" : result.Waiting ? "waiting" : result.Baseline ? "baseline" : "ok";
            AlertsTelemetry.PollCompleted(result.SourceId, outcome, result.Recorded.Count, result.Duration);
            activity?.SetTag("alerts.outcome", outcome);
            activity?.SetTag("alerts.items_read", result.ItemsRead);
            activity?.SetTag("alerts.changes_recorded", result.Recorded.Count);
            activity?.SetTag("alerts.requests", result.Requests);
            if (result.Ok && !result.Busy)
            {
                LogPolled(logger, result.SourceId, outcome, result.ItemsRead, result.Recorded.Count, result.Requests, (long)result.Duration.TotalMilliseconds);
            }
            else if (!result.Ok)
            {
                var error = TelemetryRedaction.Text(result.Error ?? "");
                activity?.SetStatus(ActivityStatusCode.Error, error);
                LogPollFailed(logger, result.SourceId, error, result.Requests, (long)result.Duration.TotalMilliseconds);
            }

            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    private async Task<SourcePollResult> PollOnceAsync(string sourceId, IProgress<PollProgress>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var source = await registry.FindAsync(sourceId, cancellationToken) ?? throw new ArgumentException($"No source '{sourceId}' in the catalog.", nameof(sourceId));
        var state = await states.GetAsync(source.Id, cancellationToken);
        try
        {
            return await PollAsync(source.Id, source, state, started, progress, cancellationToken);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // Nothing fails silently: a storage error while recording, a bug in an adapter, a failed state save. The poll
            // is idempotent, so the next one records what this one did not.
            var message = $"{source.Id}: the poll failed: {ex.GetType().Name}: {OneLine(ex.Message)}";
            LogPollCrashed(logger, ex, source.Id);
            var writes = await health.RecordFailureAsync(state, message, cancellationToken: cancellationToken);
            progress?.Report(new PollProgress(source.Id, "failed"));
            return new SourcePollResult(source.Id, false, message, [], 0, writes, false, false, 0, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<SourcePollResult> PollAsync(string id, Sources.SourceDefinition source, SourceState state, long started, IProgress<PollProgress>? progress,
        CancellationToken cancellationToken)
    {
        progress?.Report(new PollProgress(id, "fetching"));
        var fetch = await poller.FetchAsync(source, state, cancellationToken);
        if (fetch.Result is not { } fetched)
        {
            var failureWrites = await health.RecordFailureAsync(state, fetch.Error!, cancellationToken: cancellationToken);
            progress?.Report(new PollProgress(id, "failed"));
            return new SourcePollResult(id, false, fetch.Error, [], fetch.Requests, failureWrites, false, false, 0, Stopwatch.GetElapsedTime(started));
        }

        if (fetched.WaitRequested is { } wait)
        {
            progress?.Report(new PollProgress(id, "waiting"));
            var waitWrites = await health.RecordWaitAsync(state, wait, cancellationToken);
            return new SourcePollResult(id, true, null, [], fetch.Requests, waitWrites, false, true, 0, Stopwatch.GetElapsedTime(started));
        }

        if (Step is { } fetchedStep)
        {
            await fetchedStep("poll.fetched", cancellationToken);
        }

        var hold = new SuspectHold(state.SuspectFingerprint, state.SuspectConfirmed);
        var recorded = await recorder.RecordAsync(source, state.BaselineRecorded, hold, fetched, fetch.LastDocument, progress, cancellationToken);
        if (recorded.SuspectReason is { } reason)
        {
            // Held: the cursor and validators stay where they were, so the next poll reads the whole answer again and
            // confirms it when it is the same; the operators are told at once.
            var heldWrites = await health.RecordFailureAsync(state with { SuspectFingerprint = recorded.Fingerprint, SuspectConfirmed = false }, reason, alertNow: true, cancellationToken);
            progress?.Report(new PollProgress(id, "held as a suspect fetch"));
            return new SourcePollResult(id, false, reason, [], fetch.Requests, heldWrites, false, false, fetched.Items.Count, Stopwatch.GetElapsedTime(started));
        }

        var clearsHold = !fetched.NotModified && (state.SuspectFingerprint is not null || state.SuspectConfirmed);
        var progressed = state with
        {
            Cursor = fetched.Cursor ?? state.Cursor,
            Validators = fetch.Validators,
            BaselineRecorded = state.BaselineRecorded || recorded.Baseline,
            SuspectFingerprint = clearsHold ? null : state.SuspectFingerprint,
            SuspectConfirmed = !clearsHold && state.SuspectConfirmed,
        };
        if (Step is { } recordedStep)
        {
            await recordedStep("poll.recorded", cancellationToken);
        }

        int stateWrites;
        string? error = null;
        if (recorded.Skipped.Count > 0)
        {
            error = $"{id}: {recorded.Skipped.Count} item(s) skipped, they cannot be stored even cut to the limits: {OneLine(string.Join("; ", recorded.Skipped.Take(3)))}";
            stateWrites = await health.RecordFailureAsync(progressed, error, cancellationToken: cancellationToken);
        }
        else
        {
            var moved = progressed.Cursor != state.Cursor || fetch.ValidatorsChanged || progressed.BaselineRecorded != state.BaselineRecorded || clearsHold;
            stateWrites = await health.RecordSuccessAsync(progressed, moved, cancellationToken);
        }

        progress?.Report(new PollProgress(id, recorded.Baseline ? "baseline recorded" : $"{recorded.Recorded.Count} new"));
        return new SourcePollResult(id, true, error, recorded.Recorded, fetch.Requests, recorded.Writes + stateWrites, recorded.Baseline, false, fetched.Items.Count,
            Stopwatch.GetElapsedTime(started));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {SourceId} polled: {Outcome}, {ItemsRead} items read, {Recorded} changes recorded, {Requests} requests in {DurationMs} ms")]
    private static partial void LogPolled(ILogger logger, string sourceId, string outcome, int itemsRead, int recorded, int requests, long durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {SourceId} failed: {Error} ({Requests} requests in {DurationMs} ms)")]
    private static partial void LogPollFailed(ILogger logger, string sourceId, string error, int requests, long durationMs);

    private static string OneLine(string text)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 500 ? line : line[..500] + "…";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {SourceId} is already being polled (its lease is held): this poll is skipped")]
    private static partial void LogBusy(ILogger logger, string sourceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Source {SourceId}: the poll failed")]
    private static partial void LogPollCrashed(ILogger logger, Exception exception, string sourceId);
}
