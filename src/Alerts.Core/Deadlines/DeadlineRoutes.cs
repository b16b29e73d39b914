namespace Alerts.Core.Deadlines;

/// <summary>The deadlines' API: the upcoming dates (auditors), calendar feeds per subscriber and per team.</summary>
public static class DeadlineRoutes
{
    private static ApiResponse Calendar() => ApiResponse.Media("200", "The calendar (RFC 5545).", "text/calendar",
        new() { ["type"] = "string", ["description"] = "An iCalendar file: one all-day VEVENT per date." });

    public static readonly IReadOnlyList<ApiRoute> All =
    [
        ApiRoute.Get<DeadlinesApi>("deadlines", "ListDeadlines", Roles.Auditor,
            "Upcoming dates of recorded changes (effective dates, comment deadlines, compliance dates), by date.",
            (api, c, ct) => api.ListAsync(c.Request, ct)) with
        {
            Query =
            [
                new("from", "First date (yyyy-MM-dd, default today)."),
                new("to", "Last date (yyyy-MM-dd, default Alerts:Deadlines:UpcomingDays ahead); at most 731 days after from."),
                new("kind", "effective, comments or compliance.", Values: DeadlineKinds.All),
            ],
            Ok = ApiResponse.Json("200", "The dates in the range.", ApiSchema.Object(
                ("from", ApiSchema.String()), ("to", ApiSchema.String()), ("items", ApiSchema.ArrayOf(ApiSchema.Of<DeadlineView>()))).Named("DeadlinePage")),
        },
        ApiRoute.Get<DeadlinesApi>("deadlines/subscriber.ics", "SubscriberCalendar", null,
            "A subscriber's calendar of the dates of the changes that pass their filters (token from an e-mail or the preferences page).",
            (api, c, ct) => api.SubscriberCalendarAsync(c.Request, ct)) with
        {
            Query = [new("token", "The subscriber's manage token (from an e-mail or the preferences page).")],
            Ok = Calendar(),
        },
        ApiRoute.Get<DeadlinesApi>("deadlines/team.ics", "TeamCalendar", Roles.Team,
            "A team's calendar of the dates of the changes that pass its webhooks' and GitHub targets' filters or that its watchlists matched (team key as bearer, or its feedToken).",
            (api, c, ct) => api.TeamCalendarAsync(c, ct)) with
        {
            AcceptsFeedToken = true,
            Query = [new(ApiHandlers.FeedTokenParameter, "The team key's feed token, for calendar apps that subscribe by URL.")],
            Ok = Calendar(),
        },
    ];
}
