using Alerts.Core.ChangeLog;
using Alerts.Core.Detection;
using Alerts.Core.Sources;
using Alerts.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Polling;

/// <summary>
/// Records what a fetch found: detects the items against the stored snapshots, then for each change stores its
/// evidence, builds it (classification, story), appends it to the change log, writes the item's snapshot and hands it
/// to dispatch, in that order. Every step is idempotent and each depends only on those before it, so a poll cut off
/// between any two and run again records every change once and dispatches it once: the snapshot moves only after the
/// append (an unwritten snapshot re-detects the same change, whose id the log already holds), and the dispatch message
/// for an append lost in a crash is sent by the reconciler.
/// </summary>
public sealed partial class ChangeRecorder(
    SnapshotStore snapshots, ChangeBuilder changes, ChangeLogStore log, EvidenceStore evidence, QueueSender queues, TimeProvider time, ILogger<ChangeRecorder> logger)
{
    /// <summary>
    /// Records the items of <paramref name="fetched"/>. The first poll of a complete-snapshot source whose baseline is not
    /// recorded yet stores the snapshots without recording a change. <paramref name="lastDocument"/> is the evidence of an
    /// item that names none.
    /// </summary>
    public async Task<RecordedChanges> RecordAsync(SourceDefinition source, bool baselineRecorded, FetchResult fetched, FetchedDocument? lastDocument,
        IProgress<PollProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (fetched.NotModified)
        {
            return RecordedChanges.None;
        }

        progress?.Report(new PollProgress(source.Id, $"comparing {fetched.Items.Count} items"));
        var stored = fetched.IsCompleteSnapshot
            ? await snapshots.ReadAllAsync(source.Scope, cancellationToken)
            : await snapshots.ReadManyAsync(source.Scope, fetched.Items.Select(i => i.ItemKey), cancellationToken);
        var detected = Detector.Detect(fetched.Items, stored, fetched.IsCompleteSnapshot, time.GetUtcNow());

        if (fetched.IsCompleteSnapshot && !baselineRecorded)
        {
            // The first poll of a snapshot source records what is there without alerting anyone.
            var all = detected.Where(d => d.Item is not null)
                .Select(d => new Snapshot(d.ItemKey, d.NewVersion, d.Item!.Stage, d.Item.Fields, null, false, d.Item.Title, d.Item.Url))
                .ToList();
            return new RecordedChanges([], await snapshots.WriteBatchAsync(source.Scope, all, cancellationToken), true);
        }

        var recorded = new List<ChangeRecord>();
        var writes = 0;
        var storedEvidence = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var d in detected)
        {
            progress?.Report(new PollProgress(source.Id, $"recording {++i}/{detected.Count}"));
            if (d.Suppressed)
            {
                // Flipped back to a version seen within the hour: the recorded change already holds both versions.
                LogFlip(logger, source.Id, d.ItemKey);
                await snapshots.WriteAsync(source.Scope, d.Previous! with { Recent = d.Recent }, cancellationToken);
                writes++;
                continue;
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
            var recordedAt = appended.Change.DetectedAt == default ? time.GetUtcNow() : appended.Change.DetectedAt;
            var snapshot = d.Item is null
                ? d.Previous! with { Version = "removed", Removed = true, LastChangeId = appended.Change.Id, RecordedAt = recordedAt, Recent = null }
                : new Snapshot(d.ItemKey, d.NewVersion, d.Item.Stage, d.Item.Fields, appended.Change.Id, false, d.Item.Title, d.Item.Url, recordedAt, d.Recent);
            await snapshots.WriteAsync(source.Scope, snapshot, cancellationToken);
            writes++;
            if (appended.Appended)
            {
                writes++;
                recorded.Add(appended.Change);
                await queues.SendAsync(StorageNames.DispatchQueue, new DispatchMessage(appended.Change.Id), cancellationToken: cancellationToken);
            }
        }

        return new RecordedChanges(recorded, writes, false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {SourceId}: item {ItemKey} flipped back to a version seen within the hour; not recorded again")]
    private static partial void LogFlip(ILogger logger, string sourceId, string itemKey);
}
