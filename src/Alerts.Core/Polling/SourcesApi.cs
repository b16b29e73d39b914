namespace Alerts.Core.Polling;

/// <summary>The operator endpoints for sources: list with health, poll now, add and remove (the work is <see cref="SourceAdministration"/>'s).</summary>
public sealed class SourcesApi(SourceAdministration sources)
{
    public async Task<IResult> GetAsync(CancellationToken cancellationToken = default) =>
        Results.Json(new { items = await sources.ListAsync(cancellationToken) }, ApiJson.Options);

    /// <summary>POST /api/sources/{id}/poll: puts a poll message on the queue; an unknown id is a 404 and enqueues nothing.</summary>
    public async Task<IResult> PollAsync(string id, CancellationToken cancellationToken = default)
    {
        var result = await sources.PollNowAsync(id, cancellationToken);
        return result.Done
            ? Results.Json(new { sourceId = result.Id, queued = true }, ApiJson.Options, statusCode: 202)
            : Problems.NotFound($"No source '{id}' in the catalog. Known: {string.Join(", ", result.Known ?? [])}.");
    }

    /// <summary>POST /api/sources/{id}/confirm: accepts the suspect fetch the source holds for its next poll (and queues that poll); 404 unknown, 409 nothing held.</summary>
    public async Task<IResult> ConfirmAsync(string id, CancellationToken cancellationToken = default)
    {
        var result = await sources.ConfirmAsync(id, cancellationToken);
        return result.Status switch
        {
            SourceAdminStatus.Done => Results.Json(new { sourceId = result.Id, confirmed = true, queued = true }, ApiJson.Options, statusCode: 202),
            SourceAdminStatus.NothingHeld => Problems.Make(409, "nothing-to-confirm", "The source holds no suspect fetch.", result.Error!),
            _ => Problems.NotFound($"No source '{id}' in the catalog. Known: {string.Join(", ", result.Known ?? [])}."),
        };
    }

    /// <summary>POST /api/sources: an operator adds a source of a known kind (JSON: id, kind, baseUrl, name, jurisdiction, official, intervalMinutes, settings).</summary>
    public async Task<IResult> AddAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync<AddSourceRequest>(request, 64 * 1024, AddJson, "a source definition", cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (body is null || string.IsNullOrWhiteSpace(body.Id) || string.IsNullOrWhiteSpace(body.Kind) || string.IsNullOrWhiteSpace(body.BaseUrl))
        {
            return Problems.InvalidRequest("id, kind and baseUrl are required.");
        }

        var result = await sources.AddAsync(
            new NewSource(body.Id.Trim(), body.Kind.Trim(), body.BaseUrl.Trim(), body.Name, body.Jurisdiction, body.Official, body.IntervalMinutes, body.Settings),
            cancellationToken);
        return result.Done
            ? Results.Json(result.Source, ApiJson.Options, statusCode: 201)
            : Problems.InvalidRequest(result.Error!);
    }

    /// <summary>DELETE /api/sources/{id}: removes an operator-added source (catalog sources can only be disabled).</summary>
    public async Task<IResult> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        var result = await sources.RemoveAsync(id, cancellationToken);
        return result.Status switch
        {
            SourceAdminStatus.Done => Results.Json(new { id, removed = true }, ApiJson.Options),
            SourceAdminStatus.BuiltIn => Problems.Make(409, "built-in-source", "Built-in sources cannot be removed.",
                $"'{id}' is in the catalog file: disable it instead (alerts sources disable {id})."),
            _ => Problems.NotFound($"No operator-added source '{id}'."),
        };
    }

    private static readonly System.Text.Json.JsonSerializerOptions AddJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow, MaxDepth = 8
    };

    public sealed record AddSourceRequest(string? Id, string? Kind, string? BaseUrl, string? Name, string? Jurisdiction, bool? Official, int? IntervalMinutes, Dictionary<string, string>? Settings);
}
