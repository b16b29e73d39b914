using Alerts.Core.Delivery;
using Alerts.Core.GitHub;
using Alerts.Tests.Delivery;

namespace Alerts.Tests.GitHub;

/// <summary>GitHub's issue on a delivery is channel data of the ledger row, in the columns it always had.</summary>
public sealed class GitHubIssueRefTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public async Task The_issue_of_a_GitHub_delivery_is_stored_in_the_IssueNumber_and_IssueUrl_columns_and_kept_by_later_updates()
    {
        await using var t = await TestServices.CreateAsync();
        var ledger = t.Get<DeliveryLedger>();
        var (created, _) = await ledger.CreateAsync(new DeliveryRecord { ChangeId = "chg_a", Channel = GitHubChannel.Name, TargetId = "gh_1", TeamId = "team", CreatedAt = At });
        Assert.Null(GitHubIssueRef.Of(created));

        var issue = new GitHubIssueRef(7, "https://example.org/o/r/issues/7");
        Assert.True(await ledger.TryUpdateAsync(created with { Status = DeliveryStatus.Delivered, Attempts = 1, LastAttemptAt = At, DeliveredAt = At, Data = issue.ToData() }));
        var read = (await ledger.GetAsync("chg_a", GitHubChannel.Name, "gh_1"))!;
        // A later update of the record read back (here an error text) keeps the channel's columns.
        Assert.True(await ledger.TryUpdateAsync(read with { LastError = "x" }));

        var at = At.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(
            [
                "Attempts:Int32=1", "ChangeId:String=chg_a", "Channel:String=github", $"CreatedAt:DateTimeOffset={at}", $"DeliveredAt:DateTimeOffset={at}",
                "IssueNumber:Int32=7", "IssueUrl:String=https://example.org/o/r/issues/7", $"LastAttemptAt:DateTimeOffset={at}", "LastError:String=x",
                "ScheduleBase:Int32=0", "Status:String=delivered", "TargetId:String=gh_1", "TeamId:String=team",
            ],
            await DeliveryLedgerTests.ColumnsAsync(t, "chg_a", "github:gh_1"));
        Assert.Equal(issue, GitHubIssueRef.Of((await ledger.GetAsync("chg_a", GitHubChannel.Name, "gh_1"))!));
    }
}
