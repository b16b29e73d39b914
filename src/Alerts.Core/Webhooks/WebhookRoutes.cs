namespace Alerts.Core.Webhooks;

/// <summary>The teams' webhook API (role team, scoped to the caller's team).</summary>
public static class WebhookRoutes
{
    private static readonly ApiSchema Webhook = ApiSchema.Object(
        ("id", ApiSchema.String()),
        ("url", ApiSchema.String()),
        ("format", ApiSchema.String()),
        ("description", ApiSchema.String()),
        ("enabled", ApiSchema.Boolean()),
        ("filters", ApiSchema.AnyObject())).Named("Webhook");

    public static readonly IReadOnlyList<ApiRoute> All =
    [
        ApiRoute.Post<WebhooksApi>("webhooks", "CreateWebhook", Roles.Team, "Registers a team webhook endpoint; the signing secret is returned once.",
            (api, c, ct) => api.CreateAsync(c, ct)) with
        {
            Body = typeof(WebhookRequest),
            Ok = ApiResponse.Json("201", "The endpoint, with its signing secret (shown in this response only).", Webhook),
        },
        ApiRoute.Get<WebhooksApi>("webhooks", "ListWebhooks", Roles.Team, "The team's webhook endpoints.", (api, c, ct) => api.ListAsync(c, ct)) with
        {
            Ok = ApiResponse.Json("200", "The team's endpoints (no secrets).", ApiSchema.Items(Webhook)),
        },
        ApiRoute.Get<WebhooksApi>("webhooks/{id}", "GetWebhook", Roles.Team, "One of the team's webhook endpoints.",
            (api, c, ct) => api.GetAsync(c, ApiRoute.Value(c), ct)) with { Ok = ApiResponse.Json("200", "One endpoint (no secret).", Webhook) },
        ApiRoute.Put<WebhooksApi>("webhooks/{id}", "UpdateWebhook", Roles.Team,
            "Replaces an endpoint's URL, format, filters and description; enabled: true re-enables it.",
            (api, c, ct) => api.UpdateAsync(c, ApiRoute.Value(c), ct)) with
        {
            Body = typeof(WebhookRequest),
            Ok = ApiResponse.Json("200", "The updated endpoint.", Webhook),
        },
        ApiRoute.Delete<WebhooksApi>("webhooks/{id}", "DeleteWebhook", Roles.Team, "Deletes an endpoint.",
            (api, c, ct) => api.DeleteAsync(c, ApiRoute.Value(c), ct)) with
        {
            Ok = ApiResponse.Json("200", "Deleted.", ApiSchema.Object(("id", ApiSchema.String()), ("deleted", ApiSchema.Boolean()))),
        },
        ApiRoute.Post<WebhooksApi>("webhooks/{id}/rotate-secret", "RotateWebhookSecret", Roles.Team,
            "New signing secret (returned once); the previous one also signs for a grace period.",
            (api, c, ct) => api.RotateSecretAsync(c, ApiRoute.Value(c), ct)) with
        {
            Ok = ApiResponse.Json("200", "The new secret (shown in this response only) and until when the previous one also signs.", ApiSchema.AnyObject()),
        },
        ApiRoute.Post<WebhooksApi>("webhooks/{id}/test", "TestWebhook", Roles.Team, "Sends a signed ping and reports what the endpoint answered.",
            (api, c, ct) => api.TestAsync(c, ApiRoute.Value(c), ct)) with
        {
            Ok = ApiResponse.Json("200", "What the endpoint answered to a signed ping: status, time, body excerpt, success.", ApiSchema.AnyObject()),
            RateLimited = $"More than {WebhooksApi.Pings.Permits} test pings of this endpoint in an hour.",
        },
        ApiRoute.Get<WebhooksApi>("webhooks/{id}/deliveries", "ListWebhookDeliveries", Roles.Team, "The endpoint's delivery attempts, newest first.",
            (api, c, ct) => api.DeliveriesAsync(c, ApiRoute.Value(c), ct)) with
        {
            Ok = ApiResponse.Json("200", "Delivery attempts, newest first.", ApiSchema.Items(ApiSchema.AnyObject())),
        },
        ApiRoute.Post<WebhooksApi>("webhooks/{id}/deliveries/{deliveryId}/redeliver", "RedeliverWebhook", Roles.Team,
            "Sends a delivered or dead delivery again, with the same webhook-id.",
            (api, c, ct) => api.RedeliverAsync(c, ApiRoute.Value(c), ApiRoute.Value(c, "deliveryId"), ct)) with
        {
            Ok = ApiResponse.Json("202", "Queued again with the same webhook-id.",
                ApiSchema.Object(("deliveryId", ApiSchema.String()), ("webhookId", ApiSchema.String()), ("status", ApiSchema.String()))),
        },
    ];
}
