namespace Alerts.Core.Email;

/// <summary>The order of <see cref="EmailStatus"/> states, and the status column of an e-mail row.</summary>
public static class EmailStatusRank
{
    /// <summary>Events only move a delivery forward (an "open" that arrives before "delivered" is kept).</summary>
    public static int Rank(this EmailStatus status) => status switch
    {
        EmailStatus.Pending => 0,
        EmailStatus.Sent => 1,
        EmailStatus.Delivered => 2,
        EmailStatus.Opened => 3,
        EmailStatus.Bounced or EmailStatus.Dropped or EmailStatus.Rejected or EmailStatus.Failed or EmailStatus.Skipped => 4,
        EmailStatus.SpamReport => 5,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "No such e-mail status."),
    };

    /// <summary>The "Status" column of a recipient's or a digest's row: pending when absent; an unknown word is an error naming it.</summary>
    public static EmailStatus StatusOf(TableEntity row) => row.GetWord("Status", EmailStatus.Pending, "E-mail row");
}
