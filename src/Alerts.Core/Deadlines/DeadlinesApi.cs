using Alerts.Core.ChangeLog;
using Alerts.Core.Email;
using Alerts.Core.GitHub;
using Alerts.Core.Webhooks;

namespace Alerts.Core.Deadlines;

/// <summary>The upcoming dates: a JSON list (auditors), and calendar feeds per subscriber (manage token) and per team (team key or its feed token).</summary>
public sealed class DeadlinesApi(
    DeadlineStore store,
    ChangeLogStore log,
    SubscriptionService subscriptions,
    WebhookStore webhooks,
    GitHubTargetStore gitHubTargets,
    TeamWatchedItems watched,
    IOptions<DeadlineOptions> options,
    IOptions<AlertsOptions> alerts,
    TimeProvider time)
{
    /// <summary>Longest range one request may ask for.</summary>
    public const int MaxRangeDays = 731;

    /// <summary>GET /deadlines?from=&amp;to=&amp;kind=: every date in the range (default today to Alerts:Deadlines:UpcomingDays ahead).</summary>
    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var (range, error) = Range(request);
        if (error is not null)
        {
            return error;
        }

        var kind = request.Query["kind"].ToString();
        if (kind.Length > 0 && !DeadlineKinds.All.Contains(kind))
        {
            return Problems.InvalidRequest($"kind must be one of {string.Join(", ", DeadlineKinds.All)}.");
        }

        var today = Today;
        var items = (await store.RangeAsync(range.From, range.To, cancellationToken))
            .Where(d => kind.Length == 0 || d.Kind == kind)
            .Select(d => new DeadlineView(d.ChangeId, d.SourceId, d.ItemKey, d.Kind, d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                d.Date.DayNumber - today.DayNumber, d.Title, d.Url, d.Basis))
            .ToList();
        return Results.Json(new { from = Iso(range.From), to = Iso(range.To), items }, ApiJson.Options);
    }

    /// <summary>GET /deadlines/subscriber.ics?token=: the dates of the changes that pass the subscriber's filters.</summary>
    public async Task<IResult> SubscriberCalendarAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var subscriber = await subscriptions.FromManageTokenAsync(request.Query["token"].ToString(), cancellationToken);
        if (subscriber is null)
        {
            return Problems.Make(400, "invalid-token", "The link is not valid.",
                "The calendar link is invalid or expired. Open the preferences page from a newer e-mail for a fresh link.");
        }

        var active = subscriber.State == SubscriberState.Active;
        return await CalendarAsync("Export-policy deadlines", change => active && subscriber.Preferences.Matches(change), _ => false, cancellationToken);
    }

    /// <summary>GET /deadlines/team.ics: the dates of the changes that pass the filters of the team's webhooks and GitHub targets, or that its watchlists matched.</summary>
    public async Task<IResult> TeamCalendarAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Caller()?.TeamId is not { Length: > 0 } team)
        {
            return Problems.Forbidden("This endpoint needs a team key (or its feed token): the calendar is the team's.");
        }

        var filters = (await webhooks.ListForTeamAsync(team, cancellationToken)).Where(e => e.Enabled).Select(e => e.Filters)
            .Concat((await gitHubTargets.ListAsync(team, cancellationToken)).Select(t => t.Filters))
            .ToList();
        var items = await watched(team, cancellationToken);
        return await CalendarAsync($"Export-policy deadlines ({team})", change => filters.Any(f => f.Matches(change)),
            d => items.Contains(d.SourceId + "\n" + d.ItemKey), cancellationToken);
    }

    private async Task<IResult> CalendarAsync(string name, Func<ChangeRecord, bool> matches, Func<Deadline, bool> watchedItem, CancellationToken cancellationToken)
    {
        var today = Today;
        var changes = new Dictionary<string, ChangeRecord?>(StringComparer.Ordinal);
        var selected = new List<Deadline>();
        // A calendar keeps the month behind as well, so an event does not vanish on its day.
        foreach (var d in await store.RangeAsync(today.AddDays(-30), today.AddDays(options.Value.UpcomingDays), cancellationToken))
        {
            if (watchedItem(d))
            {
                selected.Add(d);
                continue;
            }

            if (!changes.TryGetValue(d.ChangeId, out var change))
            {
                changes[d.ChangeId] = change = await log.FindAsync(d.ChangeId, cancellationToken);
            }

            if (change is not null && matches(change))
            {
                selected.Add(d);
            }
        }

        var domain = Uri.TryCreate(alerts.Value.PublicBaseUrl, UriKind.Absolute, out var u) ? u.Host : "export-policy-alerts";
        return Results.Text(CalendarWriter.Write(name, selected, domain), CalendarWriter.MediaType);
    }

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private ((DateOnly From, DateOnly To) Range, IResult? Error) Range(HttpRequest request)
    {
        var from = Today;
        var to = from.AddDays(options.Value.UpcomingDays);
        foreach (var (name, set) in new (string, Action<DateOnly>)[] { ("from", d => from = d), ("to", d => to = d) })
        {
            var text = request.Query[name].ToString();
            if (text.Length == 0)
            {
                continue;
            }

            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return (default, Problems.InvalidRequest($"{name} must be a date written yyyy-MM-dd (got '{Trim(text)}')."));
            }

            set(d);
        }

        if (to < from)
        {
            return (default, Problems.InvalidRequest($"to ({Iso(to)}) is before from ({Iso(from)})."));
        }

        return to.DayNumber - from.DayNumber > MaxRangeDays
            ? (default, Problems.InvalidRequest($"from and to may be at most {MaxRangeDays} days apart."))
            : ((from, to), null);
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Trim(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
