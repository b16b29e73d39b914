using Alerts.Core.Access;
using Alerts.Core.ChangeLog;
using Alerts.Core.Deadlines;
using Alerts.Core.Email;
using Alerts.Core.GitHub;
using Alerts.Core.Health;
using Alerts.Core.Polling;
using Alerts.Core.Watchlists;
using Alerts.Core.Webhooks;

namespace Alerts.Core;

/// <summary>
/// The API both hosts serve: the routes each feature declares, put together. A new endpoint is declared once, in its
/// feature's route list; the self-host maps this table, the Functions app routes its one HTTP trigger through it, and
/// the OpenAPI document is generated from it.
/// </summary>
public static class ApiRoutes
{
    public static readonly IReadOnlyList<ApiRoute> All =
    [
        .. HealthRoutes.All,
        OpenApiDocument.Route,
        .. ChangeLogRoutes.All,
        .. AccessRoutes.All,
        .. PollingRoutes.All,
        .. EmailRoutes.All,
        .. WebhookRoutes.All,
        .. GitHubRoutes.All,
        .. WatchlistRoutes.All,
        .. DeadlineRoutes.All,
    ];
}
