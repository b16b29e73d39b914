using Alerts.Core.Api;
using Alerts.Core.ChangeLog;
using Microsoft.AspNetCore.Http;

namespace Alerts.Core.Polling;

/// <summary>GET /api/health: storage reachable, chain head, and a count of failing sources (details are for operators).</summary>
public sealed class HealthApi(ChangeLogStore log, SourceAdministration sources)
{
    public async Task<IResult> GetAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var head = await log.ReadHeadAsync(cancellationToken);
            // The same view as GET /api/sources: the registry's sources (catalog and operator-added, operator overrides applied).
            var enabled = (await sources.ListAsync(cancellationToken)).Where(s => s.Enabled).ToList();
            var failing = enabled.Count(s => s.ConsecutiveFailures > 0);
            return Results.Json(new
            {
                status = failing == 0 ? "healthy" : "degraded",
                storage = "ok",
                changeLog = new { headSequence = head?.Sequence ?? 0, headHash = head?.Hash },
                sources = new { enabled = enabled.Count, failing },
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
