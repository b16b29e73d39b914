using Alerts.Core.Telemetry;

namespace Alerts.Core.ChangeLog;

/// <summary>
/// Full verification as a job, so that no HTTP call runs it: <see cref="StartAsync"/> writes a status row and puts a
/// <see cref="VerifyMessage"/> on the verify queue; <see cref="RunAsync"/> (the queue's handler, in both hosts) runs
/// <see cref="ChangeLogVerifier"/> and writes the outcome to the row. Idempotent and crash-safe: a finished job's
/// message is ignored; a message that comes back after its worker stopped mid-run finds the row running and checks
/// again from the start (verification only reads); one run of a job at a time across instances (a lease). A broken
/// log is logged as an error and counted (<c>alerts.verify.runs</c>, outcome <c>broken</c>), which the alert rule
/// "chain verification failing" watches.
/// </summary>
public sealed partial class VerifyJobs(AlertsStorage storage, QueueSender queues, ChangeLogVerifier verifier, AnchorService anchors, StorageLeases leases,
    TimeProvider time, ILogger<VerifyJobs> logger)
{
    private const string Partition = "job";

    /// <summary>A queued or running job with the same options, whose row moved within this time, is joined rather than started again.</summary>
    public static readonly TimeSpan JoinWindow = TimeSpan.FromMinutes(15);

    /// <summary>How long a run's lease lasts without renewal (renewed while it runs).</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);

    private TableClient Table => storage.Table(StorageNames.VerifyJobs);

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>
    /// Starts a full verification, or returns the unfinished one with the same options (Joined). Anchors need anchoring
    /// configured: otherwise an <see cref="ArgumentException"/> and nothing is written.
    /// </summary>
    public async Task<(VerifyJob Job, bool Joined)> StartAsync(bool evidence, bool checkAnchors, CancellationToken cancellationToken = default)
    {
        if (checkAnchors && !anchors.Configured)
        {
            throw new ArgumentException("anchors=true needs anchoring to be configured (Alerts:Anchoring:Repository).", nameof(checkAnchors));
        }

        var now = time.GetUtcNow();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and UpdatedAt ge {now - JoinWindow}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var existing = FromEntity(e);
            if (existing.Unfinished && existing.Evidence == evidence && existing.Anchors == checkAnchors)
            {
                return (existing, true);
            }
        }

        var job = new VerifyJob
        {
            // Time first, so the rows sort by creation.
            Id = now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..12],
            Status = VerifyJobStatus.Queued,
            Evidence = evidence,
            Anchors = checkAnchors,
            CreatedAt = now,
            UpdatedAt = now,
            Message = "Queued.",
        };
        await Table.AddEntityAsync(ToEntity(job), cancellationToken);
        await queues.SendAsync(StorageNames.VerifyQueue, new VerifyMessage(job.Id), cancellationToken: cancellationToken);
        LogStarted(logger, job.Id, evidence, checkAnchors);
        return (job, false);
    }

    /// <summary>A job by id, or null (an id that is not one of ours is simply not found).</summary>
    public async Task<VerifyJob?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (!IsJobId(jobId))
        {
            return null;
        }

        var e = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, jobId, cancellationToken: cancellationToken);
        return e.HasValue ? FromEntity(e.Value!) : null;
    }

    private static readonly System.Buffers.SearchValues<char> Hex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>Job ids are 14 digits of UTC time and 12 hex digits.</summary>
    public static bool IsJobId(string? id) =>
        id is { Length: 26 } && id.AsSpan(0, 14).IndexOfAnyExceptInRange('0', '9') < 0 && id.AsSpan(14).IndexOfAnyExcept(Hex) < 0;

    /// <summary>The verify queue's handler: runs the job once; a finished, unknown or (elsewhere) running job is left alone.</summary>
    public async Task RunAsync(VerifyMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = AlertsTelemetry.StartConsumer("verify", StorageNames.VerifyQueue, message.TraceParent, message.TraceState, message.VisibleAt, time.GetUtcNow());
        activity?.SetTag("alerts.job_id", message.JobId);
        var job = await GetAsync(message.JobId, cancellationToken);
        if (job is null)
        {
            LogUnknown(logger, message.JobId);
            return;
        }

        if (!job.Unfinished)
        {
            return; // a message delivered twice: the job is done
        }

        await using var lease = await leases.TryAcquireAsync("verify|" + job.Id, 1, LeaseDuration, cancellationToken);
        if (lease is null)
        {
            return; // another instance runs it now; if it stops, its own copy of the message comes back
        }

        var started = time.GetUtcNow();
        job = job with
        {
            Status = VerifyJobStatus.Running,
            StartedAt = started,
            UpdatedAt = started,
            Attempts = job.Attempts + 1,
            Checked = 0,
            Message = "Running.",
        };
        await SaveAsync(job, cancellationToken);

        VerifyResult result;
        try
        {
            IReadOnlyList<Anchor>? published = job.Anchors ? await anchors.ReadPublishedAsync(cancellationToken) : null;
            var progress = new RowProgress(this, job);
            result = await verifier.VerifyAsync(new VerifyOptions { Evidence = job.Evidence, Anchors = published }, progress, cancellationToken);
            await progress.DrainAsync();
        }
        catch (Exception ex) when (ex is RequestFailedException or Octokit.ApiException or HttpRequestException or InvalidDataException)
        {
            var error = ex is InvalidDataException ? ex.Message
                : ex is RequestFailedException ? $"storage failed while checking ({ex.GetType().Name}: {ex.Message})"
                : "the GitHub repository holding the anchors did not answer as expected";
            AlertsTelemetry.VerifyCompleted("error");
            LogError(logger, ex, job.Id);
            var failedAt = time.GetUtcNow();
            await SaveAsync(job with
            {
                Status = VerifyJobStatus.Failed, FinishedAt = failedAt, UpdatedAt = failedAt, Error = TelemetryRedaction.Text(error),
                Message = "The check could not be finished: " + TelemetryRedaction.Text(error)
            }, CancellationToken.None);
            return;
        }

        var finished = time.GetUtcNow();
        job = job with
        {
            Status = VerifyJobStatus.Succeeded,
            FinishedAt = finished,
            UpdatedAt = finished,
            Checked = result.Checked,
            Ok = result.Ok,
            HeadSequence = result.HeadSequence,
            HeadHash = result.HeadHash,
            FirstBadSequence = result.FirstBadSequence,
            FirstBadChangeId = result.FirstBadChangeId,
            Problem = result.Problem,
            EvidenceChecked = result.EvidenceChecked,
            AnchorsChecked = result.AnchorsChecked,
            Findings = result.Findings,
            Message = result.Describe(),
        };
        await SaveAsync(job, cancellationToken);
        AlertsTelemetry.VerifyCompleted(result.Ok ? "intact" : "broken");
        if (result.Ok)
        {
            LogIntact(logger, job.Id, result.Checked, result.HeadSequence);
        }
        else
        {
            LogBroken(logger, job.Id, result.FirstBadSequence ?? 0, result.Problem ?? "");
        }
    }

    private async Task SaveAsync(VerifyJob job, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(ToEntity(job), TableUpdateMode.Replace, cancellationToken);

    private static TableEntity ToEntity(VerifyJob job)
    {
        var e = new TableEntity(Partition, job.Id)
        {
            ["Status"] = job.Status.ToWire(),
            ["Evidence"] = job.Evidence,
            ["Anchors"] = job.Anchors,
            ["CreatedAt"] = job.CreatedAt,
            ["StartedAt"] = job.StartedAt,
            ["FinishedAt"] = job.FinishedAt,
            ["UpdatedAt"] = job.UpdatedAt,
            ["Attempts"] = job.Attempts,
            ["Checked"] = job.Checked,
            ["Ok"] = job.Ok,
            ["HeadSequence"] = job.HeadSequence,
            ["HeadHash"] = job.HeadHash,
            ["FirstBadSequence"] = job.FirstBadSequence,
            ["FirstBadChangeId"] = job.FirstBadChangeId,
            ["EvidenceChecked"] = job.EvidenceChecked,
            ["AnchorsChecked"] = job.AnchorsChecked,
            ["Error"] = job.Error,
            ["Message"] = job.Message is { Length: > 4000 } m ? m[..4000] + "…" : job.Message,
        };
        EntityText.Write(e, "Problem", job.Problem ?? "");
        EntityText.Write(e, "Findings", JsonSerializer.Serialize(job.Findings, QueueSender.Json));
        return e;
    }

    private static VerifyJob FromEntity(TableEntity e) => new()
    {
        Id = e.RowKey,
        Status = e.GetWord("Status", VerifyJobStatus.Queued, "Verify job"),
        Evidence = e.GetBoolean("Evidence") ?? true,
        Anchors = e.GetBoolean("Anchors") ?? false,
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        StartedAt = e.GetDateTimeOffset("StartedAt"),
        FinishedAt = e.GetDateTimeOffset("FinishedAt"),
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        Attempts = e.GetInt32("Attempts") ?? 0,
        Checked = e.GetInt64("Checked") ?? 0,
        Ok = e.GetBoolean("Ok"),
        HeadSequence = e.GetInt64("HeadSequence"),
        HeadHash = e.GetString("HeadHash"),
        FirstBadSequence = e.GetInt64("FirstBadSequence"),
        FirstBadChangeId = e.GetString("FirstBadChangeId"),
        Problem = EntityText.Read(e, "Problem") is { Length: > 0 } p ? p : null,
        EvidenceChecked = e.GetInt32("EvidenceChecked"),
        AnchorsChecked = e.GetInt32("AnchorsChecked"),
        Findings = EntityText.Read(e, "Findings") is { Length: > 0 } f ? JsonSerializer.Deserialize<List<VerifyFinding>>(f, QueueSender.Json) ?? [] : [],
        Error = e.GetString("Error"),
        Message = e.GetString("Message"),
    };

    /// <summary>Writes the count checked so far to the row (one write in flight at a time; reports in between are skipped).</summary>
    private sealed class RowProgress(VerifyJobs jobs, VerifyJob job) : IProgress<long>
    {
        private Task _last = Task.CompletedTask;

        public void Report(long value)
        {
            if (_last.IsCompleted)
            {
                var now = jobs.Now;
                _last = jobs.Table.UpdateEntityAsync(new TableEntity(Partition, job.Id) { ["Checked"] = value, ["UpdatedAt"] = now }, ETag.All, TableUpdateMode.Merge);
            }
        }

        public async Task DrainAsync()
        {
            try
            {
                await _last;
            }
            catch (RequestFailedException)
            {
                // Progress only: the final write says it all.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Verify job {JobId} queued (evidence {Evidence}, anchors {Anchors})")]
    private static partial void LogStarted(ILogger logger, string jobId, bool evidence, bool anchors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verify message for unknown job {JobId} ignored")]
    private static partial void LogUnknown(ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Verify job {JobId}: the change log is intact, {Checked} entries, head {HeadSequence}")]
    private static partial void LogIntact(ILogger logger, string jobId, long @checked, long headSequence);

    [LoggerMessage(Level = LogLevel.Error, EventName = "ChainVerificationFailed",
        Message = "Change log verification failed: verify job {JobId} found the chain broken at sequence {FirstBadSequence}: {Problem}")]
    private static partial void LogBroken(ILogger logger, string jobId, long firstBadSequence, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Verify job {JobId} could not be finished")]
    private static partial void LogError(ILogger logger, Exception exception, string jobId);
}
