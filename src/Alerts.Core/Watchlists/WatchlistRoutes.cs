using Alerts.Core.Api;

namespace Alerts.Core.Watchlists;

/// <summary>The teams' watchlist API (role team, scoped to the caller's team).</summary>
public static class WatchlistRoutes
{
    private static readonly ApiSchema Watchlist = ApiSchema.Object(
        ("id", ApiSchema.String()),
        ("name", ApiSchema.String()),
        ("description", ApiSchema.String()),
        ("counterparties", ApiSchema.Integer()),
        ("products", ApiSchema.Integer()),
        ("createdAt", ApiSchema.String("date-time")),
        ("updatedAt", ApiSchema.String("date-time"))).Named("Watchlist");

    private static readonly ApiSchema Entry = ApiSchema.Of<WatchlistEntry>();

    private static readonly ApiSchema Report = ApiSchema.Of<ScreeningReport>();

    public static readonly IReadOnlyList<ApiRoute> All =
    [
        ApiRoute.Post<WatchlistsApi>("watchlists", "CreateWatchlist", Roles.Team,
            "Creates a watchlist of counterparties and products and screens it at once against the current screening lists.",
            (api, c, ct) => api.CreateAsync(c, ct)) with
        {
            Body = typeof(WatchlistRequest),
            Ok = ApiResponse.Json("201", "The watchlist, its entries and the screening report (what matches today).",
                ApiSchema.Object(("watchlist", Watchlist), ("entries", ApiSchema.ArrayOf(Entry)), ("screening", Report))),
        },
        ApiRoute.Get<WatchlistsApi>("watchlists", "ListWatchlists", Roles.Team, "The team's watchlists.", (api, c, ct) => api.ListAsync(c, ct)) with
        {
            Ok = ApiResponse.Json("200", "The team's watchlists (without entries).", ApiSchema.Items(Watchlist)),
        },
        ApiRoute.Get<WatchlistsApi>("watchlists/{id}", "GetWatchlist", Roles.Team, "One of the team's watchlists with its entries.",
            (api, c, ct) => api.GetAsync(c, ApiRoute.Value(c), ct)) with
        {
            Ok = ApiResponse.Json("200", "The watchlist and its entries.", ApiSchema.Object(("watchlist", Watchlist), ("entries", ApiSchema.ArrayOf(Entry)))),
        },
        ApiRoute.Put<WatchlistsApi>("watchlists/{id}", "UpdateWatchlist", Roles.Team,
            "Renames a watchlist; when counterparties or products are sent, replaces its entries (all or nothing) and screens it again.",
            (api, c, ct) => api.UpdateAsync(c, ApiRoute.Value(c), ct)) with
        {
            Body = typeof(WatchlistRequest),
            Ok = ApiResponse.Json("200", "The watchlist (and, when entries were replaced, the screening report).", ApiSchema.AnyObject()),
        },
        ApiRoute.Delete<WatchlistsApi>("watchlists/{id}", "DeleteWatchlist", Roles.Team, "Deletes a watchlist and its matches.",
            (api, c, ct) => api.DeleteAsync(c, ApiRoute.Value(c), ct)) with
        {
            Ok = ApiResponse.Json("200", "Deleted.", ApiSchema.Object(("id", ApiSchema.String()), ("deleted", ApiSchema.Boolean()))),
        },
        ApiRoute.Post<WatchlistsApi>("watchlists/{id}/import", "ImportWatchlist", Roles.Team,
            "Replaces the entries with a CSV file (header type,value,aliases,country,address,reference; UTF-8, or GB18030 with charset=gb18030), all or nothing, and screens it again.",
            (api, c, ct) => api.ImportAsync(c, ApiRoute.Value(c), ct)) with
        {
            FormBody = "text/csv",
            Ok = ApiResponse.Json("200", "The watchlist, how many entries were imported and the screening report.", ApiSchema.AnyObject()),
        },
        ApiRoute.Get<WatchlistsApi>("watchlists/{id}/export", "ExportWatchlist", Roles.Team,
            "The entries as CSV (UTF-8 with BOM; cells beginning with = + - @ are prefixed with ').",
            (api, c, ct) => api.ExportAsync(c, ApiRoute.Value(c), ct)) with
        {
            Ok = ApiResponse.Media("200", "RFC 4180 CSV with the import header.", "text/csv", new() { ["type"] = "string" }),
        },
        ApiRoute.Get<WatchlistsApi>("watchlists/{id}/matches", "ListWatchlistMatches", Roles.Team,
            "The watchlist's matches, newest first: from the screening at import and from every change recorded since, each with its score and the tokens that made it.",
            (api, c, ct) => api.MatchesAsync(c, ApiRoute.Value(c), ct)) with
        {
            Ok = ApiResponse.Json("200", "Matches, newest first (at most 1000).", ApiSchema.Items(ApiSchema.Of<WatchlistMatch>())),
        },
    ];
}
