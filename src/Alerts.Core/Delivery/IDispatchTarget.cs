using Alerts.Core.ChangeLog;

namespace Alerts.Core.Delivery;

/// <summary>
/// A kind of target (e-mail subscribers, webhooks, GitHub repositories). For a change it creates its deliveries
/// idempotently (one per change and target) and enqueues them; calling it twice for a change creates nothing new.
/// </summary>
public interface IDispatchTarget
{
    string Name { get; }

    /// <summary>False for a target that only looks at changes (watchlist screening): reminders are not handed to it.</summary>
    bool TakesReminders => true;

    Task DispatchAsync(ChangeRecord change, CancellationToken cancellationToken = default);

    /// <summary>
    /// An alert addressed to one team (a watchlist match, as a change): create its deliveries to that team's own targets of
    /// this kind, whatever their filters, idempotently. Kinds that do not deliver to teams do nothing.
    /// </summary>
    Task DispatchToTeamAsync(ChangeRecord alert, string teamId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>
    /// An alert addressed to one subscriber (a match of a watchlist the subscriber owns): create its delivery to that
    /// subscriber, idempotently, whatever their preferences. Kinds that do not deliver to subscribers do nothing.
    /// </summary>
    Task DispatchToSubscriberAsync(ChangeRecord alert, string subscriberId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
