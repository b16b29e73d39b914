using Alerts.Core.ChangeLog;
using Alerts.Core.Deadlines;
using Alerts.Core.Detection;
using Alerts.Core.Sources;

namespace Alerts.Core.Polling;

/// <summary>
/// Records what a fetch found: detects the items against the stored snapshots, then for each change stores its
/// evidence, builds it (classification, story), appends it to the change log, keeps its dates (Deadlines/), writes the item's snapshot and hands it
/// to dispatch, in that order. Every step is idempotent and each depends only on those before it, so a poll cut off
/// between any two and run again records every change once and dispatches it once: the snapshot moves only after the
/// append (an unwritten snapshot re-detects the same change, whose id the log already holds), and the dispatch message
/// for an append lost in a crash is sent by the reconciler.
/// </summary>
public sealed partial class ChangeRecorder(
    SnapshotStore snapshots, ChangeBuilder changes, ChangeLogStore log, EvidenceStore evidence, DeadlineRecorder deadlines, QueueSender queues, TimeProvider time,
    ILogger<ChangeRecorder> logger)
{
    /// <summary>
    /// Test seam: runs at each step of recording one change ("poll.appended", "poll.snapshot-written",
    /// "poll.dispatch-enqueued"), so the fault suite can kill the process there.
    /// </summary>
    internal Func<string, CancellationToken, Task>? Step { get; set; }

    /// <summary>
    /// Records the items of <paramref name="fetched"/>. The first poll of a complete-snapshot source whose baseline is not
    /// recorded yet stores the snapshots without recording a change. <paramref name="lastDocument"/> is the evidence of an
    /// item that names none.
    /// </summary>
    /// <remarks>
    /// Every item is first cut to <see cref="ItemLimits"/>. A complete-snapshot fetch that would remove implausibly many
    /// entries (<see cref="SuspectFetch"/>) records nothing and comes back with <see cref="RecordedChanges.SuspectReason"/>,
    /// unless <paramref name="hold"/> confirms it (the same content hash as the held fetch, or an operator's confirmation).
    /// An item that cannot be stored even within the limits is skipped and named in <see cref="RecordedChanges.Skipped"/>;
    /// the items after it are recorded.
    /// </remarks>
    public async Task<RecordedChanges> RecordAsync(SourceDefinition source, bool baselineRecorded, SuspectHold hold, FetchResult fetched, FetchedDocument? lastDocument,
        IProgress<PollProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(hold);
        ArgumentNullException.ThrowIfNull(fetched);
        if (fetched.NotModified)
        {
            return RecordedChanges.None;
        }

        var items = new List<SourceItem>(fetched.Items.Count);
        foreach (var item in fetched.Items)
        {
            var (fitted, cuts) = ItemLimits.Fit(item);
            if (cuts.Count > 0)
            {
                LogCut(logger, source.Id, fitted.ItemKey, string.Join("; ", cuts));
            }

            items.Add(fitted);
        }

        progress?.Report(new PollProgress(source.Id, $"comparing {items.Count} items"));
        var stored = fetched.IsCompleteSnapshot
            ? await snapshots.ReadAllAsync(source.Scope, cancellationToken)
            : await snapshots.ReadManyAsync(source.Scope, items.Select(i => i.ItemKey), cancellationToken);
        // A source that read a bounded window and filled it cannot tell a removed item from one that fell out of the window.
        var detected = Detector.Detect(items, stored, fetched.IsCompleteSnapshot && !fetched.WindowFull, time.GetUtcNow());

        if (fetched.IsCompleteSnapshot && !baselineRecorded)
        {
            // The first poll of a snapshot source records what is there without alerting anyone.
            var all = detected.Where(d => d.Item is not null)
                .Select(d => new Snapshot(d.ItemKey, d.NewVersion, d.Item!.Stage, d.Item.Fields, null, false, d.Item.Title, d.Item.Url))
                .ToList();
            return new RecordedChanges([], await snapshots.WriteBatchAsync(source.Scope, all, cancellationToken), true);
        }

        if (fetched.IsCompleteSnapshot)
        {
            var live = stored.Values.Count(s => !s.Removed);
            var removed = detected.Count(d => d.ChangeType == ChangeType.Removed);
            if (SuspectFetch.Reason(source, items.Count, live, removed) is { } reason)
            {
                var fingerprint = SuspectFetch.Fingerprint(items.DistinctBy(x => x.ItemKey, StringComparer.Ordinal).Select(x => (x.ItemKey, SnapshotStore.VersionOf(Normalize.Fields(x.Fields)))));
                if (!hold.OperatorConfirmed && !string.Equals(hold.HeldFingerprint, fingerprint, StringComparison.Ordinal))
                {
                    return RecordedChanges.None with { SuspectReason = reason, Fingerprint = fingerprint };
                }

                LogConfirmed(logger, source.Id, removed, live, hold.OperatorConfirmed ? "an operator confirmed it" : "the same content came again");
            }
        }

        var writes = 0;
        if (fetched.NewlyInScope is { Count: > 0 } widened)
        {
            // The scope grew: what it now covers is stored as a baseline, as on a first poll; only the rest can alert.
            bool Silent(DetectedChange d) => d.ChangeType == ChangeType.Added && d.Item is not null && widened.Contains(d.ItemKey);
            var baseline = detected.Where(Silent).Select(d => new Snapshot(d.ItemKey, d.NewVersion, d.Item!.Stage, d.Item.Fields, null, false, d.Item.Title, d.Item.Url)).ToList();
            writes += await snapshots.WriteBatchAsync(source.Scope, baseline, cancellationToken);
            detected.RemoveAll(Silent);
        }

        var recorded = new List<ChangeRecord>();
        var skipped = new List<string>();
        var storedEvidence = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var d in detected)
        {
            progress?.Report(new PollProgress(source.Id, $"recording {++i}/{detected.Count}"));
            try
            {
                writes += await RecordOneAsync(source, d, lastDocument, storedEvidence, recorded, cancellationToken);
            }
            catch (Exception ex) when (Unstorable(ex))
            {
                // The item itself cannot be stored (over an entity or property limit even after the cuts): skip it, keep the others.
                var why = ex is RequestFailedException rf ? $"storage refused it ({rf.Status} {rf.ErrorCode})" : ex.Message;
                skipped.Add($"{d.ItemKey}: {why}");
                LogSkipped(logger, source.Id, d.ItemKey, why);
            }
        }

        return new RecordedChanges(recorded, writes, false) { Skipped = skipped };
    }

    private static bool Unstorable(Exception ex) => ex is EntityTooLargeException || (ex is RequestFailedException { Status: 400 or 413 });

    private async Task<int> RecordOneAsync(SourceDefinition source, DetectedChange d, FetchedDocument? lastDocument, HashSet<string> storedEvidence, List<ChangeRecord> recorded,
        CancellationToken cancellationToken)
    {
        var writes = 0;
        if (d.Suppressed)
        {
            // Flipped back to a version seen within the hour: the recorded change already holds both versions.
            LogFlip(logger, source.Id, d.ItemKey);
            await snapshots.WriteAsync(source.Scope, d.Previous! with { Recent = d.Recent }, cancellationToken);
            return 1;
        }

        var evidenceDoc = d.Item?.Evidence ?? lastDocument;
        if (evidenceDoc is not null && storedEvidence.Add(evidenceDoc.ContentSha256)
            && await evidence.StoreAsync(evidenceDoc.ContentSha256, evidenceDoc.Content, evidenceDoc.ContentType, cancellationToken))
        {
            writes++;
        }

        if (d.Item?.FullTextEvidence is { } text && storedEvidence.Add(text.ContentSha256)
            && await evidence.StoreAsync(text.ContentSha256, text.Content, text.ContentType, cancellationToken))
        {
            writes++;
        }

        var change = await changes.BuildAsync(source, d, evidenceDoc, cancellationToken);
        var appended = await log.AppendAsync(change, cancellationToken);
        await ReachedAsync("poll.appended", cancellationToken);
        // The dates go in before the snapshot moves: a poll cut off in between detects the change again and stores them then.
        await deadlines.RecordAsync(appended.Change, d.Item, cancellationToken);
        var recordedAt = appended.Change.DetectedAt == default ? time.GetUtcNow() : appended.Change.DetectedAt;
        var snapshot = d.Item is null
            ? d.Previous! with { Version = "removed", Removed = true, LastChangeId = appended.Change.Id, RecordedAt = recordedAt, Recent = null }
            : new Snapshot(d.ItemKey, d.NewVersion, d.Item.Stage, d.Item.Fields, appended.Change.Id, false, d.Item.Title, d.Item.Url, recordedAt, d.Recent);
        await snapshots.WriteAsync(source.Scope, snapshot, cancellationToken);
        await ReachedAsync("poll.snapshot-written", cancellationToken);
        writes++;
        if (appended.Appended)
        {
            writes++;
            recorded.Add(appended.Change);
            await queues.SendAsync(StorageNames.DispatchQueue, new DispatchMessage(appended.Change.Id), cancellationToken: cancellationToken);
            await ReachedAsync("poll.dispatch-enqueued", cancellationToken);
        }

        return writes;
    }

    private Task ReachedAsync(string step, CancellationToken cancellationToken) => Step is { } hook ? hook(step, cancellationToken) : Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {SourceId}: item {ItemKey} cut to the limits: {Cuts}")]
    private static partial void LogCut(ILogger logger, string sourceId, string itemKey, string cuts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Source {SourceId}: item {ItemKey} skipped, it cannot be stored: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string sourceId, string itemKey, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {SourceId}: recording a drop of {Removed} of {Live} entries held before, because {Why}")]
    private static partial void LogConfirmed(ILogger logger, string sourceId, int removed, int live, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {SourceId}: item {ItemKey} flipped back to a version seen within the hour; not recorded again")]
    private static partial void LogFlip(ILogger logger, string sourceId, string itemKey);
}
