using Alerts.Core.Delivery;

namespace Alerts.Core.GitHub;

/// <summary>
/// The issue a GitHub delivery went to (opened or commented on), kept on the delivery's ledger row as the channel's own
/// columns <c>IssueNumber</c> (Int32) and <c>IssueUrl</c> (the issue's or the comment's address).
/// </summary>
public sealed record GitHubIssueRef(int Number, string Url)
{
    public const string NumberColumn = "IssueNumber";
    public const string UrlColumn = "IssueUrl";

    /// <summary>The issue recorded on the delivery, or null when none is (not yet delivered).</summary>
    public static GitHubIssueRef? Of(DeliveryRecord delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return delivery.Data.GetValueOrDefault(NumberColumn) is int number ? new GitHubIssueRef(number, delivery.Data.GetValueOrDefault(UrlColumn) as string ?? "") : null;
    }

    /// <summary>The delivery's channel data with this issue.</summary>
    public IReadOnlyDictionary<string, object?> ToData() => new Dictionary<string, object?>(StringComparer.Ordinal) { [NumberColumn] = Number, [UrlColumn] = Url };
}
