namespace Alerts.Core.Email;

/// <summary>Delivery states of an e-mail (per change and subscriber, or per digest).</summary>
public static class EmailStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Opened = "opened";
    public const string Bounced = "bounced";
    public const string Dropped = "dropped";
    public const string SpamReport = "spamreport";
    /// <summary>SendGrid refused this recipient (4xx naming it).</summary>
    public const string Rejected = "rejected";
    /// <summary>Retries exhausted (dead-lettered) or the request was refused as a whole.</summary>
    public const string Failed = "failed";
    /// <summary>Not sent: the subscriber left before the send.</summary>
    public const string Skipped = "skipped";

    /// <summary>Events only move a delivery forward (an "open" that arrives before "delivered" is kept).</summary>
    public static int Rank(string? status) => status switch
    {
        Pending => 0,
        Sent => 1,
        Delivered => 2,
        Opened => 3,
        Bounced or Dropped or Rejected or Failed or Skipped => 4,
        SpamReport => 5,
        _ => 0,
    };
}
