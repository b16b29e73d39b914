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
        new("POST", "subscriptions", "Subscribe", null, "Sign up for e-mail alerts (double opt-in): 202 whether or not the address is known."),
        new("DELETE", "subscriptions", "DeleteSubscription", null, "Erase the subscriber's data (token from an e-mail)."),
        new("GET", "subscriptions/confirm", "ConfirmSubscription", null, "Confirm a sign-up with the e-mailed token."),
        new("GET", "subscriptions/unsubscribe", "UnsubscribePage", null, "The unsubscribe page behind an e-mail's visible link."),
        new("POST", "subscriptions/unsubscribe", "Unsubscribe", null, "RFC 8058 one-click unsubscribe (body List-Unsubscribe=One-Click)."),
        new("POST", "subscriptions/delete", "DeleteSubscriptionForm", null, "Erase the subscriber's data (form button of the unsubscribe page)."),
        new("GET", "subscriptions/preferences", "GetPreferences", null, "A subscriber's preferences (token from an e-mail)."),
        new("PUT", "subscriptions/preferences", "UpdatePreferences", null, "Change a subscriber's preferences (token from an e-mail)."),
        new("POST", "sendgrid/events", "SendGridEvents", null, "SendGrid's signed Event Webhook: delivered, opened, bounced, dropped, spam reports."),
    ];
}
