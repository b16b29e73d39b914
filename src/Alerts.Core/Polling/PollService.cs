using System.Diagnostics;
using Alerts.Core.Storage;
using Alerts.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Polling;

/// <summary>
/// Polls one source end to end: fetch (<see cref="SourcePoller"/>), record what changed (<see cref="ChangeRecorder"/>:
/// detect, classify, append, snapshot, dispatch) and the source's state and health (<see cref="SourceHealthTracker"/>).
/// Each step is idempotent, so a poll cut off anywhere and run again records every change once. A failure is reported in
/// the source's health and never produces a change.
/// </summary>
public sealed partial class PollService(SourceRegistry registry, SourceStateStore states, SourcePoller poller, ChangeRecorder recorder, SourceHealthTracker health, ILogger<PollService> logger)
{
    /// <summary>The "poll" queue's handler: polls the message's source in the trace of whoever enqueued it.</summary>
    public async Task<SourcePollResult> HandleAsync(PollMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = AlertsTelemetry.StartConsumer("poll", message.TraceParent, message.TraceState);
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
            var result = await PollOnceAsync(sourceId, progress, cancellationToken);
            var outcome = !result.Ok ? "failed" : result.Waiting ? "waiting" : result.Baseline ? "baseline" : "ok";
            AlertsTelemetry.PollCompleted(result.SourceId, outcome, result.Recorded.Count, result.Duration);
            activity?.SetTag("alerts.outcome", outcome);
            activity?.SetTag("alerts.items_read", result.ItemsRead);
            activity?.SetTag("alerts.changes_recorded", result.Recorded.Count);
            activity?.SetTag("alerts.requests", result.Requests);
            if (result.Ok)
            {
                LogPolled(logger, result.SourceId, outcome, result.ItemsRead, result.Recorded.Count, result.Requests, (long)result.Duration.TotalMilliseconds);
            }
            else
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

        progress?.Report(new PollProgress(source.Id, "fetching"));
        var fetch = await poller.FetchAsync(source, state, cancellationToken);
        if (fetch.Result is not { } fetched)
        {
            var failureWrites = await health.RecordFailureAsync(state, fetch.Error!, cancellationToken);
            progress?.Report(new PollProgress(source.Id, "failed"));
            return new SourcePollResult(source.Id, false, fetch.Error, [], fetch.Requests, failureWrites, false, false, 0, Stopwatch.GetElapsedTime(started));
        }

        if (fetched.WaitRequested is { } wait)
        {
            progress?.Report(new PollProgress(source.Id, "waiting"));
            var waitWrites = await health.RecordWaitAsync(state, wait, cancellationToken);
            return new SourcePollResult(source.Id, true, null, [], fetch.Requests, waitWrites, false, true, 0, Stopwatch.GetElapsedTime(started));
        }

        var recorded = await recorder.RecordAsync(source, state.BaselineRecorded, fetched, fetch.LastDocument, progress, cancellationToken);
        var progressed = state with
        {
            Cursor = fetched.Cursor ?? state.Cursor,
            Validators = fetch.Validators,
            BaselineRecorded = state.BaselineRecorded || recorded.Baseline,
        };
        var moved = progressed.Cursor != state.Cursor || fetch.ValidatorsChanged || progressed.BaselineRecorded != state.BaselineRecorded;
        var stateWrites = await health.RecordSuccessAsync(progressed, moved, cancellationToken);

        progress?.Report(new PollProgress(source.Id, recorded.Baseline ? "baseline recorded" : $"{recorded.Recorded.Count} new"));
        return new SourcePollResult(source.Id, true, null, recorded.Recorded, fetch.Requests, recorded.Writes + stateWrites, recorded.Baseline, false, fetched.Items.Count,
            Stopwatch.GetElapsedTime(started));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {SourceId} polled: {Outcome}, {ItemsRead} items read, {Recorded} changes recorded, {Requests} requests in {DurationMs} ms")]
    private static partial void LogPolled(ILogger logger, string sourceId, string outcome, int itemsRead, int recorded, int requests, long durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {SourceId} failed: {Error} ({Requests} requests in {DurationMs} ms)")]
    private static partial void LogPollFailed(ILogger logger, string sourceId, string error, int requests, long durationMs);
}
