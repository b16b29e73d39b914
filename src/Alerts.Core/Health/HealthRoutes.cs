namespace Alerts.Core.Health;

/// <summary>Service health (public).</summary>
public static class HealthRoutes
{
    public static readonly IReadOnlyList<ApiRoute> All =
    [
        ApiRoute.Get<HealthApi>("health", "Health", null, "Service health: storage reachable, chain head, sources.", (api, _, ct) => api.GetAsync(ct)) with
        {
            Ok = ApiResponse.Json("200", "Healthy or degraded.", ApiSchema.Object(("status", ApiSchema.String()), ("storage", ApiSchema.String()))),
        },
    ];
}
