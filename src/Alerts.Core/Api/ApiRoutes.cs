namespace Alerts.Core.Api;

/// <summary>One HTTP endpoint: method, route under /api, the handler's name (also the Functions function name), the role it needs.</summary>
public sealed record ApiRoute(string Method, string Route, string Name, string? Role, string Summary);

/// <summary>The API both hosts serve. The self-host maps this list; a test holds the Functions app's triggers equal to it.</summary>
public static class ApiRoutes
{
    public static readonly IReadOnlyList<ApiRoute> All =
    [
        new("GET", "health", "Health", null, "Service health: storage reachable, chain head, sources."),
        new("GET", "openapi.json", "OpenApi", null, "This API's OpenAPI document."),
        new("GET", "changes", "ListChanges", null, "Recorded changes, newest first, with filters and continuation-token paging."),
        new("GET", "changes/verify", "VerifyChanges", null, "Recomputes the hash chain and names the first bad entry."),
        new("GET", "changes/{id}", "GetChange", null, "One change with its diff and evidence metadata."),
        new("GET", "sources", "ListSources", Roles.Admin, "Every source with its health: last attempt, last success, consecutive failures, last error, next due."),
        new("POST", "sources/{id}/poll", "PollSource", Roles.Admin, "Puts a poll of one source on the queue now."),
    ];
}
