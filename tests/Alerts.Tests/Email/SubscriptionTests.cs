using Alerts.Core.Email;

namespace Alerts.Tests.Email;

public sealed class SubscriptionTests
{
    [Fact]
    public async Task Signing_up_answers_the_same_for_known_and_unknown_addresses_and_sends_nothing_but_a_confirmation_until_confirmed()
    {
        await using var kit = await EmailKit.CreateAsync();

        var first = await kit.SubscribeAsync(new { email = "ana@example.org", topics = new[] { "entity-list" } });
        kit.Clock.Advance(TimeSpan.FromMinutes(10));
        var again = await kit.SubscribeAsync(new { email = "ana@example.org", topics = new[] { "entity-list" } });
        var other = await kit.SubscribeAsync(new { email = "ben@example.org" });

        Assert.Equal(202, first.Status);
        Assert.Equal((first.Status, first.Body), (again.Status, again.Body));
        Assert.Equal((first.Status, first.Body), (other.Status, other.Body));
        Assert.Equal(3, kit.Accepted.Count);
        Assert.All(kit.Accepted, m => Assert.Contains("/api/subscriptions/confirm?token=", m.Text, StringComparison.Ordinal));

        // Unconfirmed: a matching change sends nothing.
        var change = await kit.RecordAsync();
        await kit.DispatchAsync(change);
        await kit.DrainAsync();
        Assert.Equal(3, kit.Accepted.Count);

        // The newest confirmation link confirms; the older one was replaced.
        var oldToken = EmailKit.TokenFrom(kit.Accepted[0].Text, "/api/subscriptions/confirm");
        var newToken = EmailKit.TokenFrom(kit.Accepted[1].Text, "/api/subscriptions/confirm");
        Assert.Equal(400, (await kit.Api.CallAsync("ConfirmSubscription", query: "?token=" + Uri.EscapeDataString(oldToken))).Status);
        Assert.Equal(303, (await kit.Api.CallAsync("ConfirmSubscription", query: "?token=" + Uri.EscapeDataString(newToken))).Status); // to the preferences page
        Assert.Equal(400, (await kit.Api.CallAsync("ConfirmSubscription", query: "?token=" + Uri.EscapeDataString(newToken))).Status);

        var next = await kit.RecordAsync(title: "More Entity List additions");
        await kit.DispatchAsync(next);
        await kit.DrainAsync();
        var alert = Assert.Single(kit.Accepted.Skip(3));
        Assert.Equal(["ana@example.org"], alert.Recipients);
    }

    [Fact]
    public async Task Opening_the_confirmation_link_shows_a_button_and_only_its_POST_confirms()
    {
        await using var kit = await EmailKit.CreateAsync();
        await kit.SubscribeAsync(new { email = "ana@example.org" });
        var token = EmailKit.TokenFrom(kit.Accepted.Single().Text, "/api/subscriptions/confirm");

        // A mail scanner, a link preview and the person themselves may all GET the link, any number of times.
        for (var i = 0; i < 3; i++)
        {
            var (status, body, headers) = await kit.Api.CallAsync("ConfirmSubscriptionPage", query: "?token=" + Uri.EscapeDataString(token));
            Assert.Equal(200, status);
            Assert.StartsWith("text/html", headers.ContentType.ToString(), StringComparison.Ordinal);
            Assert.Contains("<form method=\"post\" action=\"confirm?token=" + Uri.EscapeDataString(token) + "\">", body, StringComparison.Ordinal);
        }

        Assert.Equal(SubscriberState.Pending, (await kit.Get<SubscriberStore>().FindByEmailAsync("ana@example.org"))!.State);
        Assert.Equal(303, (await kit.Api.CallAsync("ConfirmSubscription", query: "?token=" + Uri.EscapeDataString(token), rawBody: "", contentType: "application/x-www-form-urlencoded")).Status);
        Assert.Equal(SubscriberState.Active, (await kit.Get<SubscriberStore>().FindByEmailAsync("ana@example.org"))!.State);

        // Hostile text in the token cannot leave the attribute; an absent token is a plain 400.
        var (_, hostile, _) = await kit.Api.CallAsync("ConfirmSubscriptionPage", query: "?token=" + Uri.EscapeDataString("\"><script>alert(1)</script>"));
        Assert.DoesNotContain("<script", hostile, StringComparison.Ordinal);
        Assert.Equal(400, (await kit.Api.CallAsync("ConfirmSubscriptionPage")).Status);
    }

    [Fact]
    public async Task Only_the_hash_of_a_confirmation_token_is_stored_and_the_link_expires()
    {
        await using var kit = await EmailKit.CreateAsync();
        await kit.SubscribeAsync(new { email = "ana@example.org" });
        var token = EmailKit.TokenFrom(kit.Accepted.Single().Text, "/api/subscriptions/confirm");

        var table = kit.Get<AlertsStorage>().Table(StorageNames.Subscribers);
        await foreach (var e in table.QueryAsync<TableEntity>())
        {
            Assert.DoesNotContain(((IDictionary<string, object>)e).Values, v => v is string s && s.Contains(token.Split('.')[2], StringComparison.Ordinal));
        }

        kit.Clock.Advance(TimeSpan.FromHours(49));
        var (status, body, _) = await kit.Api.CallAsync("ConfirmSubscription", query: "?token=" + Uri.EscapeDataString(token));

        Assert.Equal(400, status);
        Assert.Contains("invalid-token", body, StringComparison.Ordinal);
        Assert.Equal(SubscriberState.Pending, (await kit.Get<SubscriberStore>().FindByEmailAsync("ana@example.org"))!.State);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("ana@example.org\r\nBcc: victim@example.net")]
    [InlineData("Ana <ana@example.org>")]
    [InlineData("ana@@example.org")]
    [InlineData("ana@localhost")]
    [InlineData("")]
    public async Task An_invalid_address_gets_a_clear_error_and_changes_nothing(string email)
    {
        await using var kit = await EmailKit.CreateAsync();

        var (status, body, type) = await kit.SubscribeAsync(new { email });

        Assert.Equal(400, status);
        Assert.StartsWith("application/problem+json", type.ContentType.ToString(), StringComparison.Ordinal);
        Assert.Contains("email", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(kit.SendGrid.Requests);
        Assert.Equal(0, (await kit.Get<SubscriberStore>().CountByStateAsync()).Values.Sum());
    }

    [Theory]
    [InlineData("{\"email\":\"ana@example.org\"", "application/json", 400)]
    [InlineData("{\"email\":\"ana@example.org\",\"minSeverity\":\"urgent\"}", "application/json", 400)]
    [InlineData("{\"email\":\"ana@example.org\",\"timeZone\":\"../../etc/passwd\"}", "application/json", 400)]
    [InlineData("{\"email\":\"ana@example.org\",\"hour\":25}", "application/json", 400)]
    [InlineData("{\"email\":\"ana@example.org\",\"mood\":\"happy\"}", "application/json", 400)]
    [InlineData("{\"email\":\"ana@example.org\"}", "text/plain", 415)]
    [InlineData("email=ana@example.org", "application/x-www-form-urlencoded", 415)]
    public async Task A_bad_sign_up_request_gets_a_clear_error_and_changes_nothing(string body, string contentType, int expected)
    {
        await using var kit = await EmailKit.CreateAsync();

        var (status, response, _) = await kit.Api.CallAsync("Subscribe", rawBody: body, contentType: contentType);

        Assert.Equal(expected, status);
        Assert.Contains("detail", response, StringComparison.Ordinal);
        Assert.Empty(kit.SendGrid.Requests);
        Assert.Null(await kit.Get<SubscriberStore>().FindByEmailAsync("ana@example.org"));
    }

    [Fact]
    public async Task An_oversized_sign_up_body_is_refused_with_413()
    {
        await using var kit = await EmailKit.CreateAsync();
        var huge = JsonSerializer.Serialize(new { email = "ana@example.org", keywords = Enumerable.Repeat(new string('x', 90), 300) });

        var (status, _, _) = await kit.Api.CallAsync("Subscribe", rawBody: huge, contentType: "application/json");

        Assert.Equal(413, status);
        Assert.Null(await kit.Get<SubscriberStore>().FindByEmailAsync("ana@example.org"));
    }

    [Fact]
    public async Task One_click_unsubscribe_from_the_alert_headers_stops_further_alerts()
    {
        await using var kit = await EmailKit.CreateAsync();
        await kit.SubscribeAndConfirmAsync("ana@example.org");
        await kit.DispatchAsync(await kit.RecordAsync());
        await kit.DrainAsync();
        var alert = kit.Accepted.Last();
        var p = alert.Personalizations.Single();
        var headers = p.GetProperty("headers");
        Assert.Equal("List-Unsubscribe=One-Click", headers.GetProperty("List-Unsubscribe-Post").GetString());
        var listUnsubscribe = headers.GetProperty("List-Unsubscribe").GetString()!;
        Assert.StartsWith("<" + EmailKit.PublicBase + "/api/subscriptions/unsubscribe?token=", listUnsubscribe, StringComparison.Ordinal);
        Assert.Contains("<mailto:unsubscribe@example.org?subject=unsubscribe>", listUnsubscribe, StringComparison.Ordinal);
        var (tag, link) = EmailKit.Substitution(p, "-unsubscribe_");
        Assert.Contains(tag, alert.Html, StringComparison.Ordinal); // visible link, filled per recipient:
        Assert.Equal(listUnsubscribe[1..listUnsubscribe.IndexOf('>', StringComparison.Ordinal)], link);
        var token = EmailKit.TokenFrom(listUnsubscribe, "/api/subscriptions/unsubscribe");

        // A mail scanner following the link (GET) does not unsubscribe; a browser is sent to the page with the button.
        var page = await kit.Api.CallAsync("UnsubscribePage", query: "?token=" + Uri.EscapeDataString(token));
        Assert.Equal(303, page.Status);
        Assert.Equal(SubscriberState.Active, (await kit.Get<SubscriberStore>().FindByEmailAsync("ana@example.org"))!.State);

        var wrong = await kit.Api.CallAsync("Unsubscribe", query: "?token=" + Uri.EscapeDataString(token), rawBody: "List-Unsubscribe=One-Click", contentType: "text/plain");
        Assert.Equal(415, wrong.Status);
        var (status, _, _) = await kit.OneClickUnsubscribeAsync(token);

        Assert.Equal(200, status);
        Assert.Equal(SubscriberState.Unsubscribed, (await kit.Get<SubscriberStore>().FindByEmailAsync("ana@example.org"))!.State);
        var before = kit.Accepted.Count;
        await kit.DispatchAsync(await kit.RecordAsync(title: "Another rule"));
        await kit.DrainAsync();
        Assert.Equal(before, kit.Accepted.Count);
    }

    [Fact]
    public async Task A_forged_or_edited_unsubscribe_token_is_refused()
    {
        await using var kit = await EmailKit.CreateAsync();
        var s = await kit.SubscribeAndConfirmAsync("ana@example.org");
        var token = kit.Get<SubscriberTokens>().Manage(s.Id, TimeSpan.FromDays(1));
        var forged = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        var otherId = token.Replace(s.Id, SubscriberStore.NewId(), StringComparison.Ordinal);

        foreach (var t in new[] { forged, otherId, "m.sub_x.99999999999.abc", "" })
        {
            var (status, _, _) = await kit.OneClickUnsubscribeAsync(t);
            Assert.Equal(400, status);
        }

        kit.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(400, (await kit.Api.CallAsync("GetPreferences", query: "?token=" + Uri.EscapeDataString(token))).Status);
        Assert.Equal(SubscriberState.Active, (await kit.Get<SubscriberStore>().GetAsync(s.Id))!.State);
    }

    [Fact]
    public async Task Preferences_are_read_and_changed_with_the_emailed_token_and_erasure_deletes_the_data()
    {
        await using var kit = await EmailKit.CreateAsync();
        var s = await kit.SubscribeAndConfirmAsync("ana@example.org", new { topics = new[] { "entity-list" } });
        var token = Uri.EscapeDataString(kit.Get<SubscriberTokens>().Manage(s.Id, TimeSpan.FromDays(1)));

        var get = await kit.Api.CallAsync("GetPreferences", query: "?token=" + token);
        Assert.Equal(200, get.Status);
        Assert.Equal("entity-list", JsonDocument.Parse(get.Body).RootElement.GetProperty("preferences").GetProperty("topics")[0].GetString());

        var put = await kit.Api.CallAsync("UpdatePreferences", query: "?token=" + token, rawBody: "{\"minSeverity\":\"critical\",\"jurisdictions\":[\"CN\"]}", contentType: "application/json");
        Assert.Equal(200, put.Status);
        var updated = await kit.Get<SubscriberStore>().GetAsync(s.Id);
        Assert.Equal("critical", updated!.Preferences.MinSeverity);
        Assert.Equal(["CN"], updated.Preferences.Jurisdictions);
        Assert.Equal(400, (await kit.Api.CallAsync("UpdatePreferences", query: "?token=" + token, rawBody: "{\"email\":\"eve@example.org\"}", contentType: "application/json")).Status);

        var erase = await kit.Api.CallAsync("DeleteSubscription", query: "?token=" + token);

        Assert.Equal(200, erase.Status);
        Assert.Null(await kit.Get<SubscriberStore>().FindByEmailAsync("ana@example.org"));
        Assert.Equal(SubscriberState.Erased, (await kit.Get<SubscriberStore>().GetAsync(s.Id))!.State);
        var table = kit.Get<AlertsStorage>().Table(StorageNames.Subscribers);
        await foreach (var e in table.QueryAsync<TableEntity>())
        {
            Assert.DoesNotContain(((IDictionary<string, object>)e).Values, v => v is string str && str.Contains("ana@example.org", StringComparison.OrdinalIgnoreCase));
        }

        Assert.Equal(400, (await kit.Api.CallAsync("GetPreferences", query: "?token=" + token)).Status);
    }
}
