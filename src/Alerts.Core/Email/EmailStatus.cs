namespace Alerts.Core.Email;

/// <summary>
/// Delivery states of an e-mail (per change and subscriber, or per digest), stored as their words (pending, sent, delivered,
/// opened, bounced, dropped, spamreport, rejected, failed, skipped). Events only move a state forward: <see cref="EmailStatusRank.Rank"/>.
/// </summary>
[JsonConverter(typeof(WireEnumConverter<EmailStatus>))]
public enum EmailStatus
{
    [JsonStringEnumMemberName("pending")]
    Pending,

    [JsonStringEnumMemberName("sent")]
    Sent,

    [JsonStringEnumMemberName("delivered")]
    Delivered,

    [JsonStringEnumMemberName("opened")]
    Opened,

    [JsonStringEnumMemberName("bounced")]
    Bounced,

    [JsonStringEnumMemberName("dropped")]
    Dropped,

    [JsonStringEnumMemberName("spamreport")]
    SpamReport,

    /// <summary>SendGrid refused this recipient (4xx naming it).</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,

    /// <summary>Retries exhausted (dead-lettered) or the request was refused as a whole.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>Not sent: the subscriber left before the send.</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,
}
