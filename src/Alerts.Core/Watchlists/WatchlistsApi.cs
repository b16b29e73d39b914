using Alerts.Core.Email;
using Microsoft.Net.Http.Headers;

namespace Alerts.Core.Watchlists;

/// <summary>
/// The watchlist API, scoped to the caller (a team by its key, or a subscriber by the manage token from their e-mails;
/// another owner's watchlist answers 404): create, list, read, replace, delete, CSV import and export, and the matches.
/// Creating or importing screens the watchlist at once.
/// </summary>
public sealed class WatchlistsApi(
    WatchlistStore store,
    WatchlistMatchStore matchStore,
    WatchlistScreening screening,
    SubscriptionService subscriptions,
    IOptions<WatchlistOptions> options,
    TimeProvider time)
{
    public const int MaxJsonBytes = 4 * 1024 * 1024;
    public const int MaxCsvBytes = 8 * 1024 * 1024;
    public const int MaxMatchesListed = 1000;

    public async Task<IResult> CreateAsync(HttpContext context, WatchlistCaller caller, CancellationToken cancellationToken = default)
    {
        var (owner, denied) = await OwnerAsync(context, caller, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var (request, bad) = await ApiRequests.ReadJsonAsync<WatchlistRequest>(context.Request, MaxJsonBytes, ApiJson.Options, "a watchlist", cancellationToken);
        if (bad is not null)
        {
            return bad;
        }

        var (entries, invalid) = Entries(request!);
        if (invalid is not null)
        {
            return Problems.InvalidRequest(invalid);
        }

        if (Header(request!.Name, request.Description) is { } headerError)
        {
            return Problems.InvalidRequest(headerError);
        }

        if ((await store.ListForOwnerAsync(owner!, cancellationToken)).Count >= options.Value.MaxWatchlistsPerTeam)
        {
            return Problems.Make(409, "limit-reached", "Too many watchlists.",
                $"A {(caller == WatchlistCaller.Team ? "team" : "subscriber")} may own at most {options.Value.MaxWatchlistsPerTeam} watchlists; delete one first.");
        }

        var now = time.GetUtcNow();
        var list = new Watchlist
        {
            Id = WatchlistStore.NewId(),
            TeamId = owner!.TeamId ?? "",
            SubscriberId = owner.SubscriberId,
            Name = request.Name!.Trim(),
            Description = request.Description?.Trim(),
            Counterparties = entries!.Count(e => e.IsCounterparty),
            Products = entries!.Count(e => !e.IsCounterparty),
            CreatedAt = now,
            UpdatedAt = now,
            Generation = 1,
        };
        await store.CreateAsync(list, entries!, cancellationToken);
        var report = await screening.ScreenAsync(list, entries!, cancellationToken);
        return Results.Json(new { watchlist = list.View(), entries, screening = report }, ApiJson.Options, statusCode: 201);
    }

    public async Task<IResult> ListAsync(HttpContext context, WatchlistCaller caller, CancellationToken cancellationToken = default)
    {
        var (owner, denied) = await OwnerAsync(context, caller, cancellationToken);
        return denied ?? Results.Json(new { items = (await store.ListForOwnerAsync(owner!, cancellationToken)).Select(l => l.View()) }, ApiJson.Options);
    }

    public async Task<IResult> GetAsync(HttpContext context, WatchlistCaller caller, string id, CancellationToken cancellationToken = default)
    {
        var (list, error) = await FindAsync(context, caller, id, cancellationToken);
        return error ?? Results.Json(new { watchlist = list!.View(), entries = await store.EntriesAsync(list!, cancellationToken) }, ApiJson.Options);
    }

    public async Task<IResult> UpdateAsync(HttpContext context, WatchlistCaller caller, string id, CancellationToken cancellationToken = default)
    {
        var (list, error) = await FindAsync(context, caller, id, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var (request, bad) = await ApiRequests.ReadJsonAsync<WatchlistRequest>(context.Request, MaxJsonBytes, ApiJson.Options, "a watchlist", cancellationToken);
        if (bad is not null)
        {
            return bad;
        }

        if (Header(request!.Name, request.Description) is { } headerError)
        {
            return Problems.InvalidRequest(headerError);
        }

        List<WatchlistEntry>? entries = null;
        if (request.Counterparties is not null || request.Products is not null)
        {
            (entries, var invalid) = Entries(request);
            if (invalid is not null)
            {
                return Problems.InvalidRequest(invalid);
            }
        }

        return await ReplaceAsync(list!, list! with { Name = request.Name!.Trim(), Description = request.Description?.Trim() }, entries, cancellationToken);
    }

    public async Task<IResult> DeleteAsync(HttpContext context, WatchlistCaller caller, string id, CancellationToken cancellationToken = default)
    {
        var (_, error) = await FindAsync(context, caller, id, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        await store.DeleteAsync(id, cancellationToken);
        await matchStore.DeleteAllAsync(id, cancellationToken);
        return Results.Json(new { id, deleted = true }, ApiJson.Options);
    }

    /// <summary>Replaces the entries with the rows of a CSV body, all or nothing, then screens the watchlist again.</summary>
    public async Task<IResult> ImportAsync(HttpContext context, WatchlistCaller caller, string id, CancellationToken cancellationToken = default)
    {
        var (list, error) = await FindAsync(context, caller, id, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.UnsupportedMediaType($"Send the file as text/csv (got '{request.ContentType ?? "none"}'); name a non-UTF-8 encoding with charset, e.g. 'text/csv; charset=gb18030'.");
        }

        var (body, tooLarge) = await ApiRequests.ReadBytesAsync(request, MaxCsvBytes, cancellationToken);
        if (tooLarge)
        {
            return Problems.TooLarge($"The file may be at most {MaxCsvBytes:N0} bytes; nothing was imported.");
        }

        var (text, decodeError) = WatchlistCsv.Decode(body, type.Charset.HasValue ? type.Charset.Value : null);
        if (decodeError is not null)
        {
            return Problems.InvalidRequest(decodeError + " Nothing was imported.");
        }

        var (entries, csvError) = WatchlistCsv.Read(text!, options.Value.MaxEntriesPerWatchlist);
        if (csvError is not null)
        {
            return Problems.InvalidRequest(csvError.EndsWith("nothing was imported.", StringComparison.Ordinal) ? csvError : csvError + " Nothing was imported.");
        }

        return await ReplaceAsync(list!, list!, entries!, cancellationToken);
    }

    public async Task<IResult> ExportAsync(HttpContext context, WatchlistCaller caller, string id, CancellationToken cancellationToken = default)
    {
        var (list, error) = await FindAsync(context, caller, id, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var bytes = WatchlistCsv.Write(await store.EntriesAsync(list!, cancellationToken));
        return Results.Bytes(bytes, "text/csv; charset=utf-8", list!.Id + ".csv");
    }

    public async Task<IResult> MatchesAsync(HttpContext context, WatchlistCaller caller, string id, CancellationToken cancellationToken = default)
    {
        var (list, error) = await FindAsync(context, caller, id, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var items = await matchStore.ListAsync(list!.Id, MaxMatchesListed, cancellationToken);
        return Results.Json(new { watchlistId = list.Id, threshold = screening.Matcher.Threshold, items }, ApiJson.Options);
    }

    private async Task<IResult> ReplaceAsync(Watchlist read, Watchlist updated, List<WatchlistEntry>? entries, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var next = updated with
        {
            UpdatedAt = now > read.UpdatedAt ? now : read.UpdatedAt.AddTicks(1),
            Counterparties = entries?.Count(e => e.IsCounterparty) ?? read.Counterparties,
            Products = entries?.Count(e => !e.IsCounterparty) ?? read.Products,
        };
        if (!await store.TryReplaceAsync(read, next, entries, cancellationToken))
        {
            return Problems.Make(409, "conflict", "The watchlist changed meanwhile.", "The watchlist was changed by another request; read it again and retry. Nothing was changed.");
        }

        var stored = await store.GetStoredAsync(read.Id, cancellationToken);
        var current = stored!.List;
        if (entries is null)
        {
            return Results.Json(new { watchlist = current.View() }, ApiJson.Options);
        }

        var report = await screening.ScreenAsync(current, entries, cancellationToken);
        return Results.Json(new { watchlist = current.View(), imported = entries.Count, screening = report }, ApiJson.Options);
    }

    private async Task<(Watchlist? List, IResult? Error)> FindAsync(HttpContext context, WatchlistCaller caller, string id, CancellationToken cancellationToken)
    {
        var (owner, denied) = await OwnerAsync(context, caller, cancellationToken);
        if (denied is not null)
        {
            return (null, denied);
        }

        var list = await store.GetForOwnerAsync(id, owner!, cancellationToken);
        return list is null ? (null, Problems.NotFound($"No watchlist {id} for this {(caller == WatchlistCaller.Team ? "team" : "subscriber")}.")) : (list, null);
    }

    /// <summary>
    /// The caller as an owner: the key's team, or the subscriber a valid, unexpired manage token names (the token the
    /// preferences page uses, at most Alerts:SendGrid:ManageLinkDays old). A subscriber must be confirmed and subscribed.
    /// </summary>
    private async Task<(WatchlistOwner? Owner, IResult? Error)> OwnerAsync(HttpContext context, WatchlistCaller caller, CancellationToken cancellationToken)
    {
        if (caller == WatchlistCaller.Team)
        {
            return context.Caller()?.TeamId is { Length: > 0 } team
                ? (WatchlistOwner.Team(team), null)
                : (null, Problems.Forbidden("This endpoint needs a team key: these watchlists belong to a team."));
        }

        if (await subscriptions.FromManageTokenAsync(context.Request.Query["token"].ToString(), cancellationToken) is not { } subscriber)
        {
            return (null, SubscriptionsApi.BadToken());
        }

        return subscriber.State == SubscriberState.Active
            ? (WatchlistOwner.Subscriber(subscriber.Id), null)
            : (null, Problems.Forbidden("Watchlists need a confirmed subscription that is not unsubscribed: sign up again at POST /api/subscriptions."));
    }

    private static string? Header(string? name, string? description) =>
        string.IsNullOrWhiteSpace(name) ? "name is required."
        : name.Trim().Length > WatchlistLimits.MaxName ? $"name may be at most {WatchlistLimits.MaxName} characters."
        : description?.Length > WatchlistLimits.MaxDescription ? $"description may be at most {WatchlistLimits.MaxDescription} characters."
        : null;

    private (List<WatchlistEntry>? Entries, string? Error) Entries(WatchlistRequest request)
    {
        var entries = new List<WatchlistEntry>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var total = (request.Counterparties?.Count ?? 0) + (request.Products?.Count ?? 0);
        if (total > options.Value.MaxEntriesPerWatchlist)
        {
            return (null, $"A watchlist holds at most {options.Value.MaxEntriesPerWatchlist:N0} entries (got {total:N0}).");
        }

        var items = (request.Counterparties ?? []).Select((c, i) => ($"counterparties[{i}]", (string?)EntryTypes.Counterparty, c?.Name, c?.Aliases, c?.Country, c?.Address, c?.Reference))
            .Concat((request.Products ?? []).Select((p, i) => ($"products[{i}]", p?.Type is { } t && t.Equals(EntryTypes.Counterparty, StringComparison.OrdinalIgnoreCase) ? "" : p?.Type, p?.Value,
                (IReadOnlyList<string>?)null, (string?)null, (string?)null, (string?)null)));
        foreach (var (where, type, value, aliases, country, address, reference) in items)
        {
            var (entry, error) = WatchlistLimits.Validate(where, "e" + (entries.Count + 1).ToString(CultureInfo.InvariantCulture), type, value, aliases, country, address, reference);
            if (error is not null)
            {
                return (null, error);
            }

            var key = WatchlistLimits.DuplicateKey(entry!);
            if (seen.TryGetValue(key, out var first))
            {
                return (null, $"{where} duplicates {first} ({entry!.Type} '{entry.Value}').");
            }

            seen[key] = where;
            entries.Add(entry!);
        }

        return (entries, null);
    }
}
