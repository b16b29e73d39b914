namespace Alerts.Core.ChangeLog;

/// <summary>
/// A full verification of the change log run as a job (POST /api/changes/verify): its status resource
/// (GET /api/changes/verify/{jobId}), kept as one row of the <c>verifyjobs</c> table.
/// </summary>
public sealed record VerifyJob
{
    public required string Id { get; init; }

    /// <summary>queued, running, succeeded or failed (as words in JSON and in the table).</summary>
    public required VerifyJobStatus Status { get; init; }

    /// <summary>Evidence blobs are checked too.</summary>
    public bool Evidence { get; init; }

    /// <summary>The chain is compared with the anchors published to GitHub.</summary>
    public bool Anchors { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Last time the row moved (progress while running).</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Runs started (above 1 when a worker stopped mid-run and the message came back).</summary>
    public int Attempts { get; init; }

    /// <summary>Entries checked so far (running) or in all (succeeded).</summary>
    public long Checked { get; init; }

    /// <summary>When succeeded: true when the log is intact.</summary>
    public bool? Ok { get; init; }

    public long? HeadSequence { get; init; }

    public string? HeadHash { get; init; }

    public long? FirstBadSequence { get; init; }

    public string? FirstBadChangeId { get; init; }

    public string? Problem { get; init; }

    public int? EvidenceChecked { get; init; }

    public int? AnchorsChecked { get; init; }

    /// <summary>Evidence and anchor problems (at most 100).</summary>
    public IReadOnlyList<VerifyFinding> Findings { get; init; } = [];

    /// <summary>One line for people: the verdict, or where it stands.</summary>
    public string? Message { get; init; }

    /// <summary>When failed: why the check could not be finished.</summary>
    public string? Error { get; init; }

    /// <summary>Queued or running.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Unfinished => Status is VerifyJobStatus.Queued or VerifyJobStatus.Running;
}
