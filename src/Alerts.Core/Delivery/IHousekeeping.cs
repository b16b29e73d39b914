namespace Alerts.Core.Delivery;

/// <summary>Upkeep the Reconcile job runs after re-enqueuing stuck dispatches (retention of logs that grow with use).</summary>
public interface IHousekeeping
{
    /// <summary>Does one bounded slice of the upkeep; returns how many rows it removed or moved.</summary>
    Task<int> TidyAsync(CancellationToken cancellationToken = default);
}
