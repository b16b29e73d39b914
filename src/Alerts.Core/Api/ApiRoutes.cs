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
        new("GET", "changes", "ListChanges", Roles.Auditor, "Recorded changes with filters: JSON pages with signed continuation tokens, or a streamed NDJSON or CSV export."),
        new("GET", "changes.atom", "ChangesAtom", Roles.Auditor, "The newest changes as an Atom feed (key as bearer, or a per-key feedToken query parameter)."),
        new("GET", "changes/verify", "VerifyChanges", Roles.Auditor, "Recomputes the hash chain, checks evidence hashes and optionally the published anchors; names the first bad entry."),
        new("GET", "changes/{id}", "GetChange", Roles.Auditor, "One change (by id or sequence) with its diff, story and evidence metadata."),
        new("GET", "changes/{id}/evidence", "GetEvidence", Roles.Auditor, "The content fetched to detect a change, byte-for-byte, with its SHA-256."),
        new("POST", "keys", "CreateKey", Roles.Admin, "Creates an API key; the key and its feed token are shown in this response only."),
        new("GET", "keys", "ListKeys", Roles.Admin, "Every API key without its secret: role, team, status, expiry."),
        new("DELETE", "keys/{id}", "RevokeKey", Roles.Admin, "Revokes an API key at once."),
        new("GET", "access-log", "ListAccessLog", Roles.Admin, "Requests made with auditor and team keys: who, when, what, how many rows."),
        new("GET", "sources", "ListSources", Roles.Admin, "Every source with its health: last attempt, last success, consecutive failures, last error, next due."),
        new("POST", "sources/{id}/poll", "PollSource", Roles.Admin, "Puts a poll of one source on the queue now."),
        new("POST", "sources", "AddSource", Roles.Admin, "Adds a source of a known kind (feed, page, github, ...) to those the service watches."),
        new("DELETE", "sources/{id}", "RemoveSource", Roles.Admin, "Removes a source an operator added (catalog sources can only be disabled)."),
        new("POST", "subscriptions", "Subscribe", null, "Sign up for e-mail alerts (double opt-in): 202 whether or not the address is known."),
        new("DELETE", "subscriptions", "DeleteSubscription", null, "Erase the subscriber's data (token from an e-mail)."),
        new("GET", "subscriptions/confirm", "ConfirmSubscription", null, "Confirm a sign-up with the e-mailed token."),
        new("GET", "subscriptions/unsubscribe", "UnsubscribePage", null, "The e-mails' visible unsubscribe link: sends the browser to the preferences page (a GET never unsubscribes)."),
        new("POST", "subscriptions/unsubscribe", "Unsubscribe", null, "RFC 8058 one-click unsubscribe (body List-Unsubscribe=One-Click)."),
        new("POST", "subscriptions/delete", "DeleteSubscriptionForm", null, "Erase the subscriber's data (a plain form post, for clients without script)."),
        new("GET", "subscriptions/preferences", "GetPreferences", null, "A subscriber's preferences (token from an e-mail)."),
        new("PUT", "subscriptions/preferences", "UpdatePreferences", null, "Change a subscriber's preferences (token from an e-mail)."),
        new("POST", "sendgrid/events", "SendGridEvents", null, "SendGrid's signed Event Webhook: delivered, opened, bounced, dropped, spam reports."),
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
