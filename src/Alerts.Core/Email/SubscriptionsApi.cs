namespace Alerts.Core.Email;

/// <summary>The subscriber endpoints (public; the e-mailed tokens are the credentials).</summary>
public sealed class SubscriptionsApi(SubscriptionService service, RateLimits limits, IOptions<SendGridOptions> options)
{
    /// <summary>Sign-ups of one address: a few an hour (each may send a mail), on top of the five-minute mail throttle.</summary>
    public static readonly RateLimit SignUpsPerAddress = new("signups-address", 5, TimeSpan.FromHours(1));

    /// <summary>Sign-ups of all addresses together: a bound on the confirmation mail anyone can make the service send.</summary>
    public static readonly RateLimit SignUps = new("signups", 500, TimeSpan.FromHours(1));

    public const int MaxJsonBytes = 16 * 1024;
    public const int MaxFormBytes = 4 * 1024;

    /// <summary>The preferences page relative to /api/subscriptions/... (the pages are at /api/app/ on both hosts).</summary>
    private const string PreferencesPage = "../app/preferences.html";
    private const int MaxTokenChars = 2048;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static IResult Disabled() => Problems.Make(503, "email-disabled", "E-mail alerts are not enabled.", "This installation does not send e-mail (Alerts:SendGrid:Enabled is false).");

    /// <summary>400 invalid-token: what every route that takes a subscriber's e-mailed token answers for a bad one.</summary>
    internal static IResult BadToken() => Problems.Make(400, "invalid-token", "The link is not valid.",
        "The link is invalid, expired or already used. Sign up again at POST /api/subscriptions, or use the link in a newer e-mail.");

    public async Task<IResult> SubscribeAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Enabled)
        {
            return Disabled();
        }

        var (body, error) = await ReadJsonAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (!EmailAddresses.TryNormalize(body!.Email, out var email, out var emailError))
        {
            return Problems.InvalidRequest(emailError);
        }

        var prefs = body.ToPreferences();
        if (prefs.Validate() is { } prefsError)
        {
            return Problems.InvalidRequest(prefsError);
        }

        if ((await limits.TryTakeAsync(SignUpsPerAddress, email, cancellationToken) ?? await limits.TryTakeAsync(SignUps, "all", cancellationToken)) is { } wait)
        {
            return Problems.TooManyRequests("Too many sign-ups just now (for this address or in all); try again after the Retry-After time.", wait);
        }

        if (!await service.SubscribeAsync(email, prefs, cancellationToken))
        {
            return Problems.Make(503, "email-unavailable", "E-mail could not be sent.", "The confirmation e-mail could not be sent just now; try again in a few minutes.");
        }

        return Results.Json(
            new { status = "accepted", message = "If this address can receive mail, a message with a confirmation link is on its way. Nothing else is sent until the link is followed." },
            Json, statusCode: 202);
    }

    /// <summary>
    /// GET of the e-mailed link: mail scanners and link previews follow links, so it only shows a page whose button posts the
    /// token back; nothing is consumed until a person presses it.
    /// </summary>
    public IResult ConfirmPage(HttpRequest request)
    {
        var token = request.Query["token"].ToString();
        if (token.Length is 0 or > MaxTokenChars)
        {
            return InvalidLink(request);
        }

        return Page(
            "Confirm your subscription",
            "<p>Press the button to start receiving export-policy alerts at this address. If you did not sign up, close this page: nothing happens.</p>" +
            "<form method=\"post\" action=\"confirm?token=" + WebUtility.HtmlEncode(Uri.EscapeDataString(token)) + "\">" +
            "<button type=\"submit\" autofocus>Confirm subscription</button></form>");
    }

    /// <summary>
    /// POST from the confirmation page: confirms, then sends the browser to the preferences page with a preferences token in
    /// the fragment (never sent to a server, so it stays out of logs). An invalid link sends a browser to the same page, which
    /// says so; other clients get 400.
    /// </summary>
    public async Task<IResult> ConfirmAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var (_, error) = await ReadFormAsync(request, cancellationToken, requireBody: false);
        if (error is not null)
        {
            return error;
        }

        var manage = await service.ConfirmAsync(request.Query["token"].ToString(), cancellationToken);
        if (manage is null)
        {
            return InvalidLink(request);
        }

        return new SeeOther(PreferencesPage + "#confirmed&token=" + Uri.EscapeDataString(manage));
    }

    /// <summary>A browser (Accept: text/html) is sent to the preferences page, which says the link is invalid; other clients get 400.</summary>
    private static IResult InvalidLink(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase) ? new SeeOther(PreferencesPage + "#invalid") : BadToken();

    /// <summary>303 to a page; unlike Results.Redirect it does not log the address, which carries a token.</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// GET (the e-mails' visible unsubscribe link, also their List-Unsubscribe address): never unsubscribes, since mail
    /// scanners follow links; sends the browser to the preferences page with its Unsubscribe button in focus. Only the
    /// POST unsubscribes (RFC 8058).
    /// </summary>
    public async Task<IResult> UnsubscribePageAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var token = request.Query["token"].ToString();
        if (await service.FromManageTokenAsync(token, cancellationToken) is null)
        {
            return InvalidLink(request);
        }

        return new SeeOther(PreferencesPage + "#unsubscribe&token=" + Uri.EscapeDataString(token));
    }

    /// <summary>RFC 8058 one-click: POST with the form body List-Unsubscribe=One-Click.</summary>
    public async Task<IResult> UnsubscribeAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var (form, error) = await ReadFormAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (form!["List-Unsubscribe"].ToString() != "One-Click")
        {
            return Problems.InvalidRequest("The body must be List-Unsubscribe=One-Click (RFC 8058).");
        }

        return await service.UnsubscribeAsync(request.Query["token"].ToString(), cancellationToken) == TokenResult.Done
            ? Page("Unsubscribed", "<p>You are unsubscribed; no more alerts will be sent to this address.</p>")
            : BadToken();
    }

    public async Task<IResult> GetPreferencesAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var s = await service.FromManageTokenAsync(request.Query["token"].ToString(), cancellationToken);
        return s is null ? BadToken() : Results.Json(new { email = s.Email, state = s.State, preferences = s.Preferences }, Json);
    }

    public async Task<IResult> UpdatePreferencesAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var (body, error) = await ReadJsonAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (body!.Email is not null)
        {
            return Problems.InvalidRequest("email cannot be changed here: subscribe the new address and unsubscribe the old one.");
        }

        var prefs = body.ToPreferences();
        if (prefs.Validate() is { } prefsError)
        {
            return Problems.InvalidRequest(prefsError);
        }

        var s = await service.UpdatePreferencesAsync(request.Query["token"].ToString(), prefs, cancellationToken);
        return s is null ? BadToken() : Results.Json(new { email = s.Email, state = s.State, preferences = s.Preferences }, Json);
    }

    /// <summary>DELETE /subscriptions?token=... or POST /subscriptions/delete?token=... (the page's button): erase the subscriber's data.</summary>
    public async Task<IResult> EraseAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        if (HttpMethods.IsPost(request.Method))
        {
            var (_, error) = await ReadFormAsync(request, cancellationToken, requireBody: false);
            if (error is not null)
            {
                return error;
            }
        }

        return await service.EraseAsync(request.Query["token"].ToString(), cancellationToken) == TokenResult.Done
            ? Page("Data deleted", "<p>Your address and preferences are deleted; no more e-mail will be sent.</p>")
            : BadToken();
    }

    private static Task<(SubscriptionRequest? Body, IResult? Error)> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiRequests.ReadJsonAsync<SubscriptionRequest>(request, MaxJsonBytes, Json, "a subscription", cancellationToken);

    private static async Task<(IFormCollection? Form, IResult? Error)> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken, bool requireBody = true)
    {
        if (request.ContentLength is > MaxFormBytes)
        {
            return (null, Problems.TooLarge($"The body is over {MaxFormBytes} bytes."));
        }

        if (!request.HasFormContentType)
        {
            return requireBody || request.ContentLength is > 0
                ? (null, Problems.UnsupportedMediaType("Send application/x-www-form-urlencoded or multipart/form-data (RFC 8058)."))
                : (FormCollection.Empty, null);
        }

        var (bytes, tooLarge) = await ApiRequests.ReadBytesAsync(request, MaxFormBytes, cancellationToken);
        if (tooLarge)
        {
            return (null, Problems.TooLarge($"The body is over {MaxFormBytes} bytes."));
        }

        request.Body = new MemoryStream(bytes);
        try
        {
            return (await request.ReadFormAsync(cancellationToken), null);
        }
        catch (InvalidDataException)
        {
            return (null, Problems.InvalidRequest("The form body could not be read."));
        }
    }

    private static IResult Page(string title, string bodyHtml) => Results.Content(
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title></head>" +
        $"<body style=\"font-family:sans-serif\"><h1>{WebUtility.HtmlEncode(title)}</h1>{bodyHtml}</body></html>",
        "text/html; charset=utf-8");
}
