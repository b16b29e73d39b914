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
        new("POST", "webhooks", "CreateWebhook", Roles.Team, "Registers a team webhook endpoint; the signing secret is returned once."),
        new("GET", "webhooks", "ListWebhooks", Roles.Team, "The team's webhook endpoints."),
        new("GET", "webhooks/{id}", "GetWebhook", Roles.Team, "One of the team's webhook endpoints."),
        new("PUT", "webhooks/{id}", "UpdateWebhook", Roles.Team, "Replaces an endpoint's URL, format, filters and description; enabled: true re-enables it."),
        new("DELETE", "webhooks/{id}", "DeleteWebhook", Roles.Team, "Deletes an endpoint."),
        new("POST", "webhooks/{id}/rotate-secret", "RotateWebhookSecret", Roles.Team, "New signing secret (returned once); the previous one also signs for a grace period."),
        new("POST", "webhooks/{id}/test", "TestWebhook", Roles.Team, "Sends a signed ping and reports what the endpoint answered."),
        new("GET", "webhooks/{id}/deliveries", "ListWebhookDeliveries", Roles.Team, "The endpoint's delivery attempts, newest first."),
        new("POST", "webhooks/{id}/deliveries/{deliveryId}/redeliver", "RedeliverWebhook", Roles.Team, "Sends a delivered or dead delivery again, with the same webhook-id."),
        new("POST", "github-targets", "CreateGitHubTarget", Roles.Team, "Registers a GitHub repository that receives issues for matching changes."),
        new("GET", "github-targets", "ListGitHubTargets", Roles.Team, "The team's GitHub targets."),
        new("DELETE", "github-targets/{id}", "DeleteGitHubTarget", Roles.Team, "Deletes a GitHub target."),
    ];
}
