namespace Alerts.Core.Access;

/// <summary>The operators' key and access-log API (role admin).</summary>
public static class AccessRoutes
{
    private static readonly ApiSchema Key = ApiSchema.Of<KeysApi.KeyView>("ApiKey");

    public static readonly IReadOnlyList<ApiRoute> All =
    [
        ApiRoute.Post<KeysApi>("keys", "CreateKey", Roles.Admin, "Creates an API key; the key and its feed token are shown in this response only.",
            (api, c, ct) => api.CreateAsync(c.Request, ct)) with
        {
            Body = typeof(KeysApi.CreateKeyRequest),
            Ok = ApiResponse.Json("201", "The new key; key and feedToken appear in this response only.", Key),
        },
        ApiRoute.Get<KeysApi>("keys", "ListKeys", Roles.Admin, "Every API key without its secret: role, team, status, expiry.",
            (api, _, ct) => api.ListAsync(ct)) with { Ok = ApiResponse.Json("200", "Every key without its secret.", ApiSchema.Items(Key)) },
        ApiRoute.Delete<KeysApi>("keys/{id}", "RevokeKey", Roles.Admin, "Revokes an API key at once.",
            (api, c, ct) => api.RevokeAsync(ApiRoute.Value(c), ct)) with { Ok = ApiResponse.Json("200", "The revoked key.", Key) },
        ApiRoute.Get<AccessLogApi>("access-log", "ListAccessLog", Roles.Admin, "Requests made with auditor and team keys: who, when, what, how many rows.",
            (api, c, ct) => api.ListAsync(c.Request, ct)) with
        {
            Query =
            [
                new("from", "At or after (default: 30 days ago)."),
                new("to", "At or before (default: now)."),
                new("key", "Only this key id."),
                new("limit", "1 to 1000, default 100.", "integer"),
            ],
            Ok = ApiResponse.Json("200", "Access log entries, newest first.", ApiSchema.Items(ApiSchema.Of<AccessLogEntry>())),
        },
    ];
}
