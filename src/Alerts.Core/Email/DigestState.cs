namespace Alerts.Core.Email;

/// <summary>The states of a <see cref="DigestRecord"/>, stored as their words in its row's "State" column (queued, sending, sent, failed, skipped).</summary>
[JsonConverter(typeof(WireEnumConverter<DigestState>))]
public enum DigestState
{
    /// <summary>Recorded with its changes and waiting for a worker (first try, after a 429 or a failed try).</summary>
    [JsonStringEnumMemberName("queued")]
    Queued,

    /// <summary>A worker holds it until <see cref="DigestRecord.LeaseUntil"/>.</summary>
    [JsonStringEnumMemberName("sending")]
    Sending,

    /// <summary>SendGrid accepted it.</summary>
    [JsonStringEnumMemberName("sent")]
    Sent,

    /// <summary>Given up (request refused or retries exhausted).</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>Not sent: the subscriber was no longer active when its turn came.</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,
}
