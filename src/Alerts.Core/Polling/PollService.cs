using System.Diagnostics;
using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;
using Alerts.Core.Detection;
using Alerts.Core.Sources;
using Alerts.Core.Storage;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Polling;

/// <summary>The outcome of polling one source.</summary>
public sealed record SourcePollResult(string SourceId, bool Ok, string? Error, IReadOnlyList<ChangeRecord> Recorded, int Requests, int TableWrites, bool Baseline, bool Waiting, int ItemsRead, TimeSpan Duration);

/// <summary>Progress of a poll, for a progress display.</summary>
public sealed record PollProgress(string SourceId, string Stage);

/// <summary>
/// Polls one source end to end: fetch, detect against the snapshots, classify, append to the change log, store the
/// snapshot and hand the change to dispatch. Each step is idempotent, so a poll cut off anywhere and run again records
/// every change once. A failure is reported in the source's health and never produces a change.
/// </summary>
public sealed partial class PollService(
    SourceCatalog catalog,
    IEnumerable<ISourceAdapter> adapters,
    SourceOverrides overrides,
    SourceStateStore states,
    SnapshotStore snapshots,
    StoryIndex stories,
    ChangeLogStore log,
    IChangeClassifier classifier,
    IHttpClientFactory httpClientFactory,
    AlertsStorage storage,
    QueueSender queues,
    OperatorAlerts operatorAlerts,
    IOptions<AlertsOptions> options,
    TimeProvider time,
    ILogger<PollService> logger)
{
    /// <summary>The named HttpClient sources use.</summary>
    public const string HttpClientName = "sources";

    /// <summary>A heartbeat write of the last success at most this often when nothing else changed.</summary>
    public static readonly TimeSpan HealthHeartbeat = TimeSpan.FromHours(1);

    private readonly Dictionary<string, ISourceAdapter> _adapters = adapters.ToDictionary(a => a.Kind, StringComparer.OrdinalIgnoreCase);

    /// <summary>Back-off and limits for source requests (tests shorten them).</summary>
    public FetchLimits Limits { get; set; } = new()
    {
        MaxResponseBytes = options.Value.MaxResponseBytes,
        Timeout = TimeSpan.FromSeconds(options.Value.RequestTimeoutSeconds),
    };

    public async Task<SourcePollResult> PollAsync(string sourceId, IProgress<PollProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        if (catalog.Find(sourceId) is null)
        {
            await overrides.RefreshCatalogAsync(cancellationToken); // perhaps an operator added it since
        }

        var source = catalog.Find(sourceId) ?? throw new ArgumentException($"No source '{sourceId}' in the catalog.", nameof(sourceId));
        if (!_adapters.TryGetValue(source.Kind, out var adapter))
        {
            throw new InvalidOperationException($"Source {source.Id} has kind '{source.Kind}', which no adapter serves.");
        }

        var state = await states.GetAsync(source.Id, cancellationToken);
        var validators = new Dictionary<string, Validators>(state.Validators, StringComparer.Ordinal);
        var fetcher = new SourceFetcher(httpClientFactory.CreateClient(HttpClientName), source, validators, Limits, time, options.Value.UserAgent);
        var writes = 0;

        FetchResult result;
        progress?.Report(new PollProgress(source.Id, "fetching"));
        try
        {
            result = await adapter.FetchAsync(new SourceContext(source, state.Cursor, fetcher, time), cancellationToken);
        }
        catch (Exception ex) when (ex is SourceException or System.Xml.XmlException or System.Text.Json.JsonException or FormatException or InvalidDataException or System.Text.DecoderFallbackException)
        {
            var message = ex is SourceException ? ex.Message : $"{source.Id}: {ex.Message}";
            await RecordFailureAsync(state, message, cancellationToken);
            progress?.Report(new PollProgress(source.Id, "failed"));
            return new SourcePollResult(source.Id, false, message, [], fetcher.RequestCount, 1, false, false, 0, Stopwatch.GetElapsedTime(started));
        }

        if (result.WaitRequested is { } wait)
        {
            // Not a failure: the next poll is due no earlier than the source asked (the scheduler reads NextDueAt).
            LogWaiting(logger, source.Id, wait);
            progress?.Report(new PollProgress(source.Id, "waiting"));
            var until = time.GetUtcNow() + wait;
            var waitWrites = 0;
            if (state.NextDueAt is null || state.NextDueAt < until)
            {
                await states.SaveAsync(state with { NextDueAt = until, LastAttemptAt = time.GetUtcNow() }, cancellationToken: cancellationToken);
                waitWrites = 1;
            }

            return new SourcePollResult(source.Id, true, null, [], fetcher.RequestCount, waitWrites, false, true, 0, Stopwatch.GetElapsedTime(started));
        }

        var recorded = new List<ChangeRecord>();
        var baseline = false;
        if (!result.NotModified)
        {
            progress?.Report(new PollProgress(source.Id, $"comparing {result.Items.Count} items"));
            var stored = result.IsCompleteSnapshot
                ? await snapshots.ReadAllAsync(source.Scope, cancellationToken)
                : await snapshots.ReadManyAsync(source.Scope, result.Items.Select(i => i.ItemKey), cancellationToken);
            var detected = Detector.Detect(result.Items, stored, result.IsCompleteSnapshot, time.GetUtcNow());

            if (result.IsCompleteSnapshot && !state.BaselineRecorded)
            {
                // The first poll of a snapshot source records what is there without alerting anyone.
                baseline = true;
                var all = detected.Where(d => d.Item is not null)
                    .Select(d => new Snapshot(d.ItemKey, d.NewVersion, d.Item!.Stage, d.Item.Fields, null, false, d.Item.Title, d.Item.Url))
                    .ToList();
                writes += await snapshots.WriteBatchAsync(source.Scope, all, cancellationToken);
            }
            else
            {
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

                    var evidenceDoc = d.Item?.Evidence ?? fetcher.Documents.LastOrDefault();
                    if (evidenceDoc is not null && storedEvidence.Add(evidenceDoc.ContentSha256))
                    {
                        writes += await StoreEvidenceAsync(evidenceDoc, cancellationToken);
                    }

                    var change = BuildChange(source, d, evidenceDoc);
                    change = change with { StoryId = await LinkStoryAsync(source, d, cancellationToken) };
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
            }
        }

        var now = time.GetUtcNow();
        var newState = state with
        {
            Cursor = result.Cursor ?? state.Cursor,
            Validators = validators,
            BaselineRecorded = state.BaselineRecorded || baseline,
            LastAttemptAt = now,
            LastSuccessAt = now,
            ConsecutiveFailures = 0,
            LastError = null,
            FailureAlerted = false,
        };
        var meaningful = newState.Cursor != state.Cursor || fetcher.ValidatorsChanged || newState.BaselineRecorded != state.BaselineRecorded
            || state.ConsecutiveFailures > 0 || state.LastError is not null || state.LastSuccessAt is null || now - state.LastSuccessAt >= HealthHeartbeat;
        if (meaningful)
        {
            if (state.FailureAlerted)
            {
                await operatorAlerts.RaiseRecoveredAsync(source.Id, state.ConsecutiveFailures, cancellationToken);
            }

            await states.SaveAsync(newState, cancellationToken: cancellationToken);
            writes++;
        }

        progress?.Report(new PollProgress(source.Id, baseline ? "baseline recorded" : $"{recorded.Count} new"));
        return new SourcePollResult(source.Id, true, null, recorded, fetcher.RequestCount, writes, baseline, false, result.Items.Count, Stopwatch.GetElapsedTime(started));
    }

    private ChangeRecord BuildChange(SourceDefinition source, DetectedChange d, FetchedDocument? evidence)
    {
        var previousId = d.Previous is null ? null : d.Previous.LastChangeId ?? "baseline:" + d.Previous.Version;
        var id = ChangeRecord.NewId(source.Scope, d.ItemKey, previousId, d.NewVersion);
        var title = d.Item?.Title ?? d.Previous!.Title;
        var fields = d.Item?.Fields ?? d.Previous!.Fields;
        var c = classifier.Classify(new ClassificationInput(source, d.ChangeType, title, d.Item?.Summary, d.Item?.DocumentType, fields, d.Diff, d.Item?.Language, d.ItemKey, d.Item?.References));
        return new ChangeRecord
        {
            Id = id,
            SourceId = source.Id,
            ItemKey = d.ItemKey,
            ChangeType = d.ChangeType,
            Title = title,
            Url = d.Item?.Url ?? d.Previous?.Url,
            PublishedAt = d.Item?.PublishedAt,
            DocumentType = d.Item?.DocumentType,
            Official = source.Official,
            Jurisdiction = c.Jurisdiction,
            Topics = c.Topics,
            Severity = c.Severity,
            Relevance = c.Relevance,
            Matched = c.Matched,
            Summary = c.Summary,
            Description = d.Item?.Summary,
            PreviousChangeId = d.Previous?.LastChangeId,
            References = d.Item?.References ?? [],
            ContentVersion = d.NewVersion,
            PreviousContentVersion = d.Previous?.Version,
            Diff = d.Diff,
            Evidence = evidence is null ? null : new Evidence
            {
                Url = evidence.Url,
                FetchedAt = evidence.FetchedAt,
                Status = evidence.Status,
                ETag = evidence.ETag,
                LastModified = evidence.LastModified,
                ContentType = evidence.ContentType,
                ContentSha256 = evidence.ContentSha256,
                ContentLength = evidence.ContentLength,
            },
        };
    }

    /// <summary>The story of a change: by its link keys (document number, citation, RIN, amendment date) or a similar title.</summary>
    private Task<string> LinkStoryAsync(SourceDefinition source, DetectedChange d, CancellationToken cancellationToken)
    {
        var item = d.Item;
        return stories.LinkAsync(
            source,
            d.ItemKey,
            item?.Title ?? d.Previous!.Title,
            item?.Summary,
            item?.DocumentType,
            item?.References ?? [],
            item?.Fields ?? d.Previous!.Fields,
            cancellationToken);
    }

    /// <summary>Stores fetched content once, addressed by its hash (idempotent).</summary>
    private async Task<int> StoreEvidenceAsync(FetchedDocument doc, CancellationToken cancellationToken)
    {
        var blob = storage.Container(StorageNames.EvidenceContainer).GetBlobClient(doc.ContentSha256);
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(doc.Content), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = doc.ContentType ?? "application/octet-stream" },
            }, cancellationToken);
            return 1;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return 0; // already stored
        }
    }

    private async Task RecordFailureAsync(SourceState state, string message, CancellationToken cancellationToken)
    {
        var failures = state.ConsecutiveFailures + 1;
        var alert = failures >= options.Value.FailureAlertThreshold && !state.FailureAlerted;
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
            await operatorAlerts.RaiseFailingAsync(state.SourceId, failures, message, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {SourceId} failed: {Error}")]
    private static partial void LogFailure(ILogger logger, string sourceId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {SourceId}: item {ItemKey} flipped back to a version seen within the hour; not recorded again")]
    private static partial void LogFlip(ILogger logger, string sourceId, string itemKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {SourceId} asked us to wait {Wait}")]
    private static partial void LogWaiting(ILogger logger, string sourceId, TimeSpan wait);
}
