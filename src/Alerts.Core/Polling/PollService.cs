using System.Diagnostics;

namespace Alerts.Core.Polling;

/// <summary>
/// Polls one source end to end: fetch (<see cref="SourcePoller"/>), record what changed (<see cref="ChangeRecorder"/>:
/// detect, classify, append, snapshot, dispatch) and the source's state and health (<see cref="SourceHealthTracker"/>).
/// Each step is idempotent, so a poll cut off anywhere and run again records every change once. A failure is reported in
/// the source's health and never produces a change.
/// </summary>
public sealed class PollService(SourceRegistry registry, SourceStateStore states, SourcePoller poller, ChangeRecorder recorder, SourceHealthTracker health)
{
    /// <summary>Polls <paramref name="sourceId"/> (any registered source, enabled or not); an unknown id throws <see cref="ArgumentException"/>.</summary>
    public async Task<SourcePollResult> PollAsync(string sourceId, IProgress<PollProgress>? progress = null, CancellationToken cancellationToken = default)
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
}
