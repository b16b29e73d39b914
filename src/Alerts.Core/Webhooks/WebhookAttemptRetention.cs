using Alerts.Core.Delivery;

namespace Alerts.Core.Webhooks;

/// <summary>
/// Housekeeping of the webhooks table, run by the Reconcile job (every 5 minutes): moves endpoints stored the old way once,
/// then expires the attempts older than <see cref="WebhookStore.AttemptRetention"/> of one slice of the endpoints, so that
/// each endpoint's log is pruned once a day (288 slices) with one partition query each.
/// </summary>
public sealed class WebhookAttemptRetention(WebhookStore store, TimeProvider time) : IHousekeeping
{
    public const int Slices = 288;

    public async Task<int> TidyAsync(CancellationToken cancellationToken = default)
    {
        var done = await store.MoveLegacyEndpointsAsync(cancellationToken);
        var now = time.GetUtcNow();
        var slice = (int)(now.UtcDateTime.TimeOfDay.TotalMinutes / 5) % Slices;
        foreach (var id in await store.AllIdsAsync(cancellationToken))
        {
            if (SliceOf(id) == slice)
            {
                done += await store.ExpireAttemptsAsync(id, now - WebhookStore.AttemptRetention, cancellationToken);
            }
        }

        return done;
    }

    /// <summary>The slice of an endpoint id ("wh_" and 20 hex digits): stable across hosts and runs.</summary>
    public static int SliceOf(string endpointId)
    {
        ArgumentNullException.ThrowIfNull(endpointId);
        return (int)(uint.Parse(endpointId.AsSpan(3, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture) % Slices);
    }
}
