using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;

namespace Alerts.Core.GitHub;

/// <summary>Creates one GitHub delivery per change and matching target (idempotent) and enqueues it.</summary>
public sealed class GitHubDispatchTarget(GitHubTargetStore targets, DeliveryLedger ledger, QueueSender queues, TimeProvider time) : IDispatchTarget
{
    public string Name => "github";

    public async Task DispatchAsync(ChangeRecord change, CancellationToken cancellationToken = default) =>
        await CreateAsync(change, (await targets.ListAsync(null, cancellationToken)).Where(t => t.Filters.Matches(change)), cancellationToken);

    /// <summary>A watchlist match: every target of the owning team, whatever its filters.</summary>
    public async Task DispatchToTeamAsync(ChangeRecord alert, string teamId, CancellationToken cancellationToken = default) =>
        await CreateAsync(alert, await targets.ListAsync(teamId, cancellationToken), cancellationToken);

    private async Task CreateAsync(ChangeRecord change, IEnumerable<GitHubTarget> matching, CancellationToken cancellationToken)
    {
        foreach (var target in matching)
        {
            var (record, created) = await ledger.CreateAsync(new DeliveryRecord
            {
                ChangeId = change.Id,
                Channel = GitHubChannel.Name,
                TargetId = target.Id,
                TeamId = target.TeamId,
                CreatedAt = time.GetUtcNow(),
            }, cancellationToken);
            if (created || (record.Status == DeliveryStatus.Pending && record.Attempts == 0))
            {
                await queues.SendAsync(StorageNames.DeliverQueue, new DeliverMessage(GitHubChannel.Name, record.Id, 1), cancellationToken: cancellationToken);
            }
        }
    }
}
