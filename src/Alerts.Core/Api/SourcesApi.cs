using Alerts.Core.Delivery;
using Alerts.Core.Polling;
using Alerts.Core.Sources;
using Alerts.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace Alerts.Core.Api;

/// <summary>One source with its health, as operators see it (GET /api/sources, <c>alerts sources</c>).</summary>
public sealed record SourceHealth(
    string Id, string Kind, string Name, bool Enabled, bool Official, string BaseUrl, int IntervalMinutes,
    DateTimeOffset? LastAttemptAt, DateTimeOffset? LastSuccessAt, int ConsecutiveFailures, string? LastError, DateTimeOffset? NextDueAt, bool FailureAlerted);

/// <summary>The operator endpoints for sources: list with health, and poll now.</summary>
public sealed class SourcesApi(SourceCatalog catalog, SourceStateStore states, SourceOverrides overrides, QueueSender queues)
{
    /// <summary>Every catalog source with its health.</summary>
    public async Task<List<SourceHealth>> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = await states.GetAllAsync(cancellationToken);
        var overridden = await overrides.GetAllAsync(cancellationToken);
        return [.. catalog.All.Select(s =>
        {
            var st = all.GetValueOrDefault(s.Id);
            return new SourceHealth(s.Id, s.Kind, s.Name, overridden.TryGetValue(s.Id, out var on) ? on : s.Enabled, s.Official, s.EffectiveBaseUrl, s.IntervalMinutes,
                st?.LastAttemptAt, st?.LastSuccessAt, st?.ConsecutiveFailures ?? 0, st?.LastError, st?.NextDueAt, st?.FailureAlerted ?? false);
        })];
    }

    public async Task<IResult> GetAsync(CancellationToken cancellationToken = default) =>
        Results.Json(new { items = await ListAsync(cancellationToken) }, ChangesApi.Json);

    /// <summary>POST /api/sources/{id}/poll: puts a poll message on the queue; an unknown id is a 404 and enqueues nothing.</summary>
    public async Task<IResult> PollAsync(string id, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(id) || catalog.Find(id) is not { } source)
        {
            return Problems.NotFound($"No source '{id}' in the catalog. Known: {string.Join(", ", catalog.All.Select(s => s.Id))}.");
        }

        await queues.SendAsync(StorageNames.PollQueue, new PollMessage(source.Id), cancellationToken: cancellationToken);
        return Results.Json(new { sourceId = source.Id, queued = true }, ChangesApi.Json, statusCode: 202);
    }
}
