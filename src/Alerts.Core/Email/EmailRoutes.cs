namespace Alerts.Core.Email;

/// <summary>The subscribers' API (no key: tokens by e-mail) and SendGrid's signed Event Webhook.</summary>
public static class EmailRoutes
{
    private const string Form = "application/x-www-form-urlencoded";

    private static readonly ApiSchema Preferences =
        ApiSchema.Object(("email", ApiSchema.String()), ("state", ApiSchema.String()), ("preferences", ApiSchema.Of<SubscriptionPreferences>()));

    /// <summary>What one client address may send to the subscriber routes (no key): 30 requests a minute, all of them together.</summary>
    public static readonly RateLimit ClientLimit = new("subscriber-routes", 30, TimeSpan.FromMinutes(1));

    private static readonly ApiResponse Erased = ApiResponse.Media("200", "The subscriber's data is erased.", "text/html", new() { ["type"] = "string" });

    public static readonly IReadOnlyList<ApiRoute> All =
    [
        ApiRoute.Post<SubscriptionsApi>("subscriptions", "Subscribe", null, "Sign up for e-mail alerts (double opt-in): 202 whether or not the address is known.",
            (api, c, ct) => api.SubscribeAsync(c.Request, ct)) with
        {
            PerClient = ClientLimit,
            RateLimited = $"More than {SubscriptionsApi.SignUpsPerAddress.Permits} sign-ups of one address, or {SubscriptionsApi.SignUps.Permits} of all addresses, in an hour.",
            Body = typeof(SubscriptionRequest),
            Ok = ApiResponse.Json("202", "Accepted, whether or not the address is known (no enumeration); a confirmation e-mail follows.",
                ApiSchema.Object(("status", ApiSchema.String()), ("message", ApiSchema.String()))),
        },
        ApiRoute.Delete<SubscriptionsApi>("subscriptions", "DeleteSubscription", null, "Erase the subscriber's data (token from an e-mail).",
            (api, c, ct) => api.EraseAsync(c.Request, ct)) with { PerClient = ClientLimit, Query = [Token], Ok = Erased },
        ApiRoute.Get<SubscriptionsApi>("subscriptions/confirm", "ConfirmSubscriptionPage", null,
            "The e-mailed confirmation link: a page with a Confirm button (a GET never confirms, since mail scanners follow links).",
            (api, c, ct) => Task.FromResult(api.ConfirmPage(c.Request))) with
        {
            Query = [Token],
            Ok = ApiResponse.Media("200", "A page whose button posts the token to confirm.", "text/html", new() { ["type"] = "string" }),
        },
        ApiRoute.Post<SubscriptionsApi>("subscriptions/confirm", "ConfirmSubscription", null, "Confirm a sign-up with the e-mailed token (the page's button).",
            (api, c, ct) => api.ConfirmAsync(c.Request, ct)) with
        {
            PerClient = ClientLimit,
            Query = [Token],
            FormBody = Form,
            Ok = ApiResponse.Empty("303",
                "Confirmed: See Other to the preferences page (/api/app/preferences.html), the preferences token in the fragment. " +
                "A used or expired link answers 400, or 303 to the same page for a browser."),
        },
        ApiRoute.Get<SubscriptionsApi>("subscriptions/unsubscribe", "UnsubscribePage", null,
            "The e-mails' visible unsubscribe link: sends the browser to the preferences page (a GET never unsubscribes).",
            (api, c, ct) => api.UnsubscribePageAsync(c.Request, ct)) with
        {
            Query = [Token],
            Ok = ApiResponse.Empty("303",
                "See Other to the preferences page (/api/app/preferences.html) with its Unsubscribe button in focus; a GET never unsubscribes. " +
                "An invalid link answers 400, or 303 to the same page for a browser."),
        },
        ApiRoute.Post<SubscriptionsApi>("subscriptions/unsubscribe", "Unsubscribe", null, "RFC 8058 one-click unsubscribe (body List-Unsubscribe=One-Click).",
            (api, c, ct) => api.UnsubscribeAsync(c.Request, ct)) with
        {
            PerClient = ClientLimit,
            Query = [Token],
            FormBody = Form,
            Ok = ApiResponse.Media("200", "Unsubscribed (RFC 8058 one-click).", "text/html", new() { ["type"] = "string" }),
        },
        ApiRoute.Post<SubscriptionsApi>("subscriptions/delete", "DeleteSubscriptionForm", null,
            "Erase the subscriber's data (a plain form post, for clients without script).",
            (api, c, ct) => api.EraseAsync(c.Request, ct)) with { PerClient = ClientLimit, Query = [Token], FormBody = Form, Ok = Erased },
        ApiRoute.Get<SubscriptionsApi>("subscriptions/preferences", "GetPreferences", null, "A subscriber's preferences (token from an e-mail).",
            (api, c, ct) => api.GetPreferencesAsync(c.Request, ct)) with
        {
            Query = [Token],
            Ok = ApiResponse.Json("200", "The subscriber's address, state and preferences.", Preferences),
        },
        ApiRoute.Put<SubscriptionsApi>("subscriptions/preferences", "UpdatePreferences", null, "Change a subscriber's preferences (token from an e-mail).",
            (api, c, ct) => api.UpdatePreferencesAsync(c.Request, ct)) with
        {
            PerClient = ClientLimit,
            Query = [Token],
            Body = typeof(SubscriptionRequest),
            Ok = ApiResponse.Json("200", "The updated preferences.", Preferences),
        },
        ApiRoute.Post<SendGridEventsApi>("sendgrid/events", "SendGridEvents", null,
            "SendGrid's signed Event Webhook: delivered, opened, bounced, dropped, spam reports.",
            (api, c, ct) => api.ReceiveAsync(c.Request, ct)) with
        {
            Ok = ApiResponse.Json("200", "Events received and applied.", ApiSchema.Object(("received", ApiSchema.Integer()), ("applied", ApiSchema.Integer()))),
        },
    ];

    private static ApiParameter Token => new("token", "The token from the e-mail.");
}
