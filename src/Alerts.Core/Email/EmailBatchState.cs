namespace Alerts.Core.Email;

/// <summary>The states of an <see cref="EmailBatch"/>, stored as their words in its row's "State" column (queued, sending, sent, failed).</summary>
[JsonConverter(typeof(WireEnumConverter<EmailBatchState>))]
public enum EmailBatchState
{
    /// <summary>Waiting for a worker (first try, or after a 429 or a failed try: see <see cref="EmailBatch.NextAttemptAt"/>).</summary>
    [JsonStringEnumMemberName("queued")]
    Queued,

    /// <summary>A worker holds it until <see cref="EmailBatch.LeaseUntil"/>.</summary>
    [JsonStringEnumMemberName("sending")]
    Sending,

    /// <summary>SendGrid accepted the request; the recipients' addresses are scrubbed from the row.</summary>
    [JsonStringEnumMemberName("sent")]
    Sent,

    /// <summary>Given up (change not found, request refused, retries exhausted).</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
