namespace Alerts.Core.ChangeLog;

/// <summary>The states of a <see cref="VerifyJob"/>.</summary>
public static class VerifyJobStates
{
    /// <summary>Accepted, its message on the verify queue.</summary>
    public const string Queued = "queued";

    /// <summary>A worker is checking the chain (<see cref="VerifyJob.Checked"/> grows).</summary>
    public const string Running = "running";

    /// <summary>The check ran to the end: <see cref="VerifyJob.Ok"/> says whether the log is intact.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The check could not be finished (storage or the anchors' repository failed): <see cref="VerifyJob.Error"/> says why.</summary>
    public const string Failed = "failed";
}
