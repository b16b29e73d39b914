using Alerts.Core.Email;

namespace Alerts.Core.Watchlists;

/// <summary>The watchlist API: for teams (role team, scoped to the key's team) and for subscribers (scoped to the manage token's subscriber).</summary>
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

    /// <summary>The team routes (/api/watchlists, role team) and the same routes for a subscriber (/api/subscriptions/watchlists?token=).</summary>
    public static readonly IReadOnlyList<ApiRoute> All = [.. For(WatchlistCaller.Team), .. For(WatchlistCaller.Subscriber)];

    private static ApiParameter Token => new("token", "The manage token from the subscriber's e-mails (the preferences page's token).");

    private static IEnumerable<ApiRoute> For(WatchlistCaller caller)
    {
        var team = caller == WatchlistCaller.Team;
        var prefix = team ? "watchlists" : "subscriptions/watchlists";
        var role = team ? Roles.Team : null;
        string Name(string name) => team ? name : name.Replace("Watchlist", "SubscriberWatchlist", StringComparison.Ordinal);
        string Whose(string text) => team ? text : text.Replace("The team's", "The subscriber's", StringComparison.Ordinal).Replace("the team's", "the subscriber's", StringComparison.Ordinal);

        // A subscriber's routes take the token as the other subscriber routes do; those that change something share their per-client limit.
        ApiRoute Scoped(ApiRoute r, bool changes) => team ? r : r with { Query = [Token], PerClient = changes ? EmailRoutes.ClientLimit : null };

        IReadOnlyList<ApiRoute> routes =
        [
            ApiRoute.Post<WatchlistsApi>(prefix, Name("CreateWatchlist"), role,
                "Creates a watchlist of counterparties and products and screens it at once against the current screening lists.",
                (api, c, ct) => api.CreateAsync(c, caller, ct)) with
            {
                Body = typeof(WatchlistRequest),
                Ok = ApiResponse.Json("201", "The watchlist, its entries and the screening report (what matches today).",
                    ApiSchema.Object(("watchlist", Watchlist), ("entries", ApiSchema.ArrayOf(Entry)), ("screening", Report))),
            },
            ApiRoute.Get<WatchlistsApi>(prefix, Name("ListWatchlists"), role, Whose("The team's watchlists."), (api, c, ct) => api.ListAsync(c, caller, ct)) with
            {
                Ok = ApiResponse.Json("200", Whose("The team's watchlists (without entries)."), ApiSchema.Items(Watchlist)),
            },
            ApiRoute.Get<WatchlistsApi>(prefix + "/{id}", Name("GetWatchlist"), role, Whose("One of the team's watchlists with its entries."),
                (api, c, ct) => api.GetAsync(c, caller, ApiRoute.Value(c), ct)) with
            {
                Ok = ApiResponse.Json("200", "The watchlist and its entries.", ApiSchema.Object(("watchlist", Watchlist), ("entries", ApiSchema.ArrayOf(Entry)))),
            },
            ApiRoute.Put<WatchlistsApi>(prefix + "/{id}", Name("UpdateWatchlist"), role,
                "Renames a watchlist; when counterparties or products are sent, replaces its entries (all or nothing) and screens it again.",
                (api, c, ct) => api.UpdateAsync(c, caller, ApiRoute.Value(c), ct)) with
            {
                Body = typeof(WatchlistRequest),
                Ok = ApiResponse.Json("200", "The watchlist (and, when entries were replaced, the screening report).", ApiSchema.AnyObject()),
            },
            ApiRoute.Delete<WatchlistsApi>(prefix + "/{id}", Name("DeleteWatchlist"), role, "Deletes a watchlist and its matches.",
                (api, c, ct) => api.DeleteAsync(c, caller, ApiRoute.Value(c), ct)) with
            {
                Ok = ApiResponse.Json("200", "Deleted.", ApiSchema.Object(("id", ApiSchema.String()), ("deleted", ApiSchema.Boolean()))),
            },
            ApiRoute.Post<WatchlistsApi>(prefix + "/{id}/import", Name("ImportWatchlist"), role,
                "Replaces the entries with a CSV file (header type,value,aliases,country,address,reference; UTF-8, or GB18030 with charset=gb18030), all or nothing, and screens it again.",
                (api, c, ct) => api.ImportAsync(c, caller, ApiRoute.Value(c), ct)) with
            {
                FormBody = "text/csv",
                Ok = ApiResponse.Json("200", "The watchlist, how many entries were imported and the screening report.", ApiSchema.AnyObject()),
            },
            ApiRoute.Get<WatchlistsApi>(prefix + "/{id}/export", Name("ExportWatchlist"), role,
                "The entries as CSV (UTF-8 with BOM; cells beginning with = + - @ are prefixed with ').",
                (api, c, ct) => api.ExportAsync(c, caller, ApiRoute.Value(c), ct)) with
            {
                Ok = ApiResponse.Media("200", "RFC 4180 CSV with the import header.", "text/csv", new() { ["type"] = "string" }),
            },
            ApiRoute.Get<WatchlistsApi>(prefix + "/{id}/matches", Name("ListWatchlistMatches"), role,
                "The watchlist's matches, newest first: from the screening at import and from every change recorded since, each with its score and the tokens that made it.",
                (api, c, ct) => api.MatchesAsync(c, caller, ApiRoute.Value(c), ct)) with
            {
                Ok = ApiResponse.Json("200", "Matches, newest first (at most 1000).", ApiSchema.Items(ApiSchema.Of<WatchlistMatch>())),
            },
        ];
        return routes.Select(r => Scoped(r, changes: !HttpMethods.IsGet(r.Method)));
    }
}
