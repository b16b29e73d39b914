namespace Alerts.Core.ChangeLog;

/// <summary>The states of a <see cref="VerifyJob"/>, stored and sent as their words (queued, running, succeeded, failed).</summary>
[JsonConverter(typeof(WireEnumConverter<VerifyJobStatus>))]
public enum VerifyJobStatus
{
    /// <summary>Accepted, its message on the verify queue.</summary>
    [JsonStringEnumMemberName("queued")]
    Queued,

    /// <summary>A worker is checking the chain (<see cref="VerifyJob.Checked"/> grows).</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>The check ran to the end: <see cref="VerifyJob.Ok"/> says whether the log is intact.</summary>
    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    /// <summary>The check could not be finished (storage or the anchors' repository failed): <see cref="VerifyJob.Error"/> says why.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
