using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;
using Alerts.Core.Polling;

namespace Alerts.Core.Health;

/// <summary>
/// GET /api/health: storage reachable, chain head, a count of failing sources (details are for operators), the depth of
/// each queue and its poison queue, the last run of each scheduled job, the count of dead deliveries and of dispatches given up.
/// </summary>
public sealed class HealthApi(ChangeLogStore log, SourceAdministration sources, QueueOperations queues, JobRuns jobs, DeliveryLedger ledger, DispatchService dispatch)
{
    public async Task<IResult> GetAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var head = await log.ReadHeadAsync(cancellationToken);
            // The same view as GET /api/sources: the registry's sources (catalog and operator-added, operator overrides applied).
            var enabled = (await sources.ListAsync(cancellationToken)).Where(s => s.Enabled).ToList();
            var failing = enabled.Count(s => s.ConsecutiveFailures > 0);
            var depths = await queues.DepthsAsync(cancellationToken);
            var runs = (await jobs.LastRunsAsync(cancellationToken)).ToDictionary(r => r.Job, StringComparer.Ordinal);
            var dead = await ledger.CountDeadAsync(cancellationToken: cancellationToken);
            var deadDispatches = await dispatch.CountDeadDispatchesAsync(cancellationToken: cancellationToken);
            var poisoned = depths.Sum(d => d.PoisonDepth);
            var jobFailed = runs.Values.Any(r => !r.Succeeded);
            return Results.Json(new
            {
                status = failing == 0 && poisoned == 0 && !jobFailed && deadDispatches == 0 ? "healthy" : "degraded",
                storage = "ok",
                changeLog = new { headSequence = head?.Sequence ?? 0, headHash = head?.Hash },
                sources = new { enabled = enabled.Count, failing },
                queues = depths.ToDictionary(d => d.Queue, d => new { name = d.Name, depth = d.Depth, poison = d.PoisonDepth }, StringComparer.Ordinal),
                jobs = Schedules.All.ToDictionary(s => s.Name, s => runs.TryGetValue(s.Name, out var r)
                    ? new { lastRunAt = (DateTimeOffset?)r.FinishedAt, succeeded = (bool?)r.Succeeded, error = r.Error }
                    : new { lastRunAt = (DateTimeOffset?)null, succeeded = (bool?)null, error = (string?)null }, StringComparer.Ordinal),
                deliveries = new { dead },
                dispatches = new { dead = deadDispatches },
            }, ApiJson.Options);
        }
        catch (Azure.RequestFailedException ex)
        {
            return Problems.Make(503, "storage-unavailable", "Storage is not reachable.", $"The storage account answered {ex.Status}: check Alerts:StorageConnectionString.");
        }
        catch (HttpRequestException)
        {
            return Problems.Make(503, "storage-unavailable", "Storage is not reachable.", "Cannot connect to the storage account: is Azurite running? Check Alerts:StorageConnectionString.");
        }
    }
}
