using Alerts.Core.Sources;

namespace Alerts.Core.Polling;

/// <summary>The operators' sources API (role admin).</summary>
public static class PollingRoutes
{
    public static readonly IReadOnlyList<ApiRoute> All =
    [
        ApiRoute.Get<SourcesApi>("sources", "ListSources", Roles.Admin,
            "Every source with its health: last attempt, last success, consecutive failures, last error, next due.", (api, _, ct) => api.GetAsync(ct)) with
        {
            Ok = ApiResponse.Json("200", "Every source with its health.", ApiSchema.Items(ApiSchema.Of<SourceHealth>())),
        },
        ApiRoute.Post<SourcesApi>("sources/{id}/poll", "PollSource", Roles.Admin, "Puts a poll of one source on the queue now.",
            (api, c, ct) => api.PollAsync(ApiRoute.Value(c), ct)) with
        {
            Ok = ApiResponse.Json("202", "The poll is on the queue.", ApiSchema.Object(("sourceId", ApiSchema.String()), ("queued", ApiSchema.Boolean()))),
        },
        ApiRoute.Post<SourcesApi>("sources/{id}/confirm", "ConfirmSource", Roles.Admin,
            "Accepts the suspect fetch a source holds (an implausible drop in entries, shown as its last error): its next poll, queued now, records the removals.",
            (api, c, ct) => api.ConfirmAsync(ApiRoute.Value(c), ct)) with
        {
            Ok = ApiResponse.Json("202", "Confirmed; the poll is on the queue.",
                ApiSchema.Object(("sourceId", ApiSchema.String()), ("confirmed", ApiSchema.Boolean()), ("queued", ApiSchema.Boolean()))),
        },
        ApiRoute.Post<SourcesApi>("sources", "AddSource", Roles.Admin, "Adds a source of a known kind (feed, page, github, ...) to those the service watches.",
            (api, c, ct) => api.AddAsync(c.Request, ct)) with
        {
            Body = typeof(SourcesApi.AddSourceRequest),
            Ok = ApiResponse.Json("201", "The added source.", ApiSchema.Of<SourceDefinition>()),
        },
        ApiRoute.Delete<SourcesApi>("sources/{id}", "RemoveSource", Roles.Admin, "Removes a source an operator added (catalog sources can only be disabled).",
            (api, c, ct) => api.RemoveAsync(ApiRoute.Value(c), ct)) with
        {
            Ok = ApiResponse.Json("200", "Removed.", ApiSchema.Object(("id", ApiSchema.String()), ("removed", ApiSchema.Boolean()))),
        },
    ];
}
