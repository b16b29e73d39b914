using Alerts.Core.Api;
using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;
using Alerts.Core.Sources;
using Alerts.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace Alerts.Core.Polling;

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
        await overrides.RefreshCatalogAsync(cancellationToken);
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
        Results.Json(new { items = await ListAsync(cancellationToken) }, ApiJson.Options);

    /// <summary>POST /api/sources/{id}/poll: puts a poll message on the queue; an unknown id is a 404 and enqueues nothing.</summary>
    public async Task<IResult> PollAsync(string id, CancellationToken cancellationToken = default)
    {
        await overrides.RefreshCatalogAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(id) || catalog.Find(id) is not { } source)
        {
            return Problems.NotFound($"No source '{id}' in the catalog. Known: {string.Join(", ", catalog.All.Select(s => s.Id))}.");
        }

        await queues.SendAsync(StorageNames.PollQueue, new PollMessage(source.Id), cancellationToken: cancellationToken);
        return Results.Json(new { sourceId = source.Id, queued = true }, ApiJson.Options, statusCode: 202);
    }

    /// <summary>POST /api/sources: an operator adds a source of a known kind (JSON: id, kind, baseUrl, name, jurisdiction, official, intervalMinutes, settings).</summary>
    public async Task<IResult> AddAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        if (request.ContentLength is > 64 * 1024)
        {
            return Problems.TooLarge("A source definition is at most 64 KiB.");
        }

        if (!(request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.UnsupportedMediaType("Send the source as application/json.");
        }

        AddSourceRequest? body;
        try
        {
            body = await System.Text.Json.JsonSerializer.DeserializeAsync<AddSourceRequest>(request.Body, AddJson, cancellationToken);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return Problems.InvalidRequest($"The body is not a valid source definition: {ex.Message}");
        }

        if (body is null || string.IsNullOrWhiteSpace(body.Id) || string.IsNullOrWhiteSpace(body.Kind) || string.IsNullOrWhiteSpace(body.BaseUrl))
        {
            return Problems.InvalidRequest("id, kind and baseUrl are required.");
        }

        var definition = new SourceDefinition
        {
            Id = body.Id.Trim(),
            Kind = body.Kind.Trim(),
            Name = body.Name ?? body.Id,
            Jurisdiction = body.Jurisdiction ?? "other",
            Official = body.Official ?? true,
            IntervalMinutes = body.IntervalMinutes ?? 60,
            Enabled = true,
            DefaultBaseUrl = body.BaseUrl.Trim(),
            Settings = new Dictionary<string, string>(body.Settings ?? [], StringComparer.OrdinalIgnoreCase),
        };
        var error = await overrides.AddSourceAsync(definition, cancellationToken);
        return error is null
            ? Results.Json(definition, ApiJson.Options, statusCode: 201)
            : Problems.InvalidRequest(error);
    }

    /// <summary>DELETE /api/sources/{id}: removes an operator-added source (catalog sources can only be disabled).</summary>
    public async Task<IResult> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        if (catalog.IsBuiltIn(id))
        {
            return Problems.Make(409, "built-in-source", "Built-in sources cannot be removed.", $"'{id}' is in the catalog file: disable it instead (alerts sources disable {id}).");
        }

        return await overrides.RemoveSourceAsync(id, cancellationToken)
            ? Results.Json(new { id, removed = true }, ApiJson.Options)
            : Problems.NotFound($"No operator-added source '{id}'.");
    }

    private static readonly System.Text.Json.JsonSerializerOptions AddJson = new(System.Text.Json.JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow, MaxDepth = 8 };

    public sealed record AddSourceRequest(string? Id, string? Kind, string? BaseUrl, string? Name, string? Jurisdiction, bool? Official, int? IntervalMinutes, Dictionary<string, string>? Settings);
}
