using Alerts.Core.Access;
using Alerts.Core.Deadlines;
using Alerts.Core.Email;
using Alerts.Core.Sources;
using Microsoft.Playwright;

namespace Alerts.Tests.Web;

/// <summary>The explorer's upcoming view and the calendar links of the team and preferences pages, in Chromium.</summary>
public sealed class DeadlinePageTests
{
    private const string RuleUrl = "https://www.federalregister.gov/d/2026-17001";

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A rule effective in 5 days with comments due in 30, and a notice effective in 20 days (the kit's clock: 2026-09-07).</summary>
    private static async Task<ChangeRecord> SeedAsync(WebKit kit)
    {
        var today = DateOnly.FromDateTime(kit.Clock.GetUtcNow().UtcDateTime);
        var recorder = kit.App.Services.GetRequiredService<DeadlineRecorder>();
        var rule = (await kit.AppendAsync(WebKit.Draft("2026-17001", "Entity List additions of 12 entities") with { Url = RuleUrl })).Change;
        await recorder.RecordAsync(rule, new SourceItem
        {
            ItemKey = rule.ItemKey,
            Title = rule.Title,
            Url = RuleUrl,
            PublishedAt = rule.DetectedAt,
            Fields = new Dictionary<string, string> { ["effective_on"] = Iso(today.AddDays(5)) },
            DateHints = new Dictionary<string, string> { ["dates"] = "Comments must be received by " + today.AddDays(30).ToString("MMMM d, yyyy", CultureInfo.InvariantCulture) + "." },
        });
        var notice = (await kit.AppendAsync(WebKit.Draft("2026-17002", "Tariff notice <b>not bold</b>", topic: "tariffs"))).Change;
        await recorder.RecordAsync(notice, new SourceItem
        {
            ItemKey = notice.ItemKey, Title = notice.Title, Fields = new Dictionary<string, string> { ["effective_on"] = Iso(today.AddDays(20)) },
        });
        return rule;
    }

    [Fact]
    public async Task The_explorer_shows_upcoming_dates_soonest_first_filters_them_by_kind_and_opens_the_change()
    {
        await using var kit = await WebKit.StartAsync();
        var rule = await SeedAsync(kit);
        var (page, dialogs) = await kit.NewPageAsync();
        await page.GotoAsync("/api/app/explorer.html");
        await WebKit.EnterKeyAsync(page, WebKit.AdminKey);
        await Assertions.Expect(page.Locator("#changes tbody tr")).ToHaveCountAsync(2);

        var rows = page.Locator("#upcoming tbody tr");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show upcoming dates" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#upcoming-message")).ToHaveTextAsync("3 dates from 2026-09-07 to 2026-12-06.");
        Assert.Equal(["2026-09-12", "2026-09-27", "2026-10-07"], await page.Locator("#upcoming tbody tr td:nth-child(1)").AllTextContentsAsync());
        Assert.Equal(["in 5 days", "in 20 days", "in 30 days"], await page.Locator("#upcoming tbody tr td:nth-child(2)").AllTextContentsAsync());
        Assert.Equal(["Effective date", "Effective date", "Comment deadline"], await page.Locator("#upcoming tbody tr td:nth-child(3)").AllTextContentsAsync());
        var link = rows.First.Locator("td:nth-child(4) a");
        await Assertions.Expect(link).ToHaveTextAsync("Entity List additions of 12 entities");
        await Assertions.Expect(link).ToHaveAttributeAsync("href", RuleUrl);
        await Assertions.Expect(rows.Nth(1).Locator("td:nth-child(4)")).ToContainTextAsync("Tariff notice <b>not bold</b>"); // text, not markup
        await Assertions.Expect(rows.Nth(2).Locator("td:nth-child(4) .hint")).ToContainTextAsync("Comments must be received by");
        await WebKit.CheckPageAsync(page, "explorer-upcoming");

        // Only comment deadlines.
        await page.GetByLabel("Kind of date").SelectOptionAsync("comments");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show upcoming dates" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First.Locator("td").First).ToHaveTextAsync("2026-10-07");

        // A reversed range: the API's reason, shown as an error.
        await page.Locator("#u-from").FillAsync("2026-12-01");
        await page.Locator("#u-to").FillAsync("2026-11-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show upcoming dates" }).ClickAsync();
        await Assertions.Expect(page.Locator("#upcoming-message")).ToContainTextAsync("is before from");
        await Assertions.Expect(page.Locator("#upcoming-message")).ToHaveClassAsync("message error");

        // A range that holds only the rule's effective date; its change opens in the detail view.
        await page.Locator("#u-from").FillAsync("2026-09-01");
        await page.Locator("#u-to").FillAsync("2026-09-15");
        await page.GetByLabel("Kind of date").SelectOptionAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show upcoming dates" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open change " + rule.Id }).ClickAsync();
        await Assertions.Expect(page.Locator("#detail h2")).ToHaveTextAsync("Entity List additions of 12 entities");
        Assert.Empty(dialogs);
        Assert.Empty(kit.Escaped);
    }

    [Fact]
    public async Task The_team_page_shows_a_calendar_link_only_for_a_feed_token_that_works_and_the_preferences_page_shows_the_subscribers()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "ok", "text/plain", 200));
        await using var kit = await WebKit.StartAsync();
        await SeedAsync(kit);
        var (teamKey, _) = await kit.TeamWithWebhookAsync(receiver.BaseUri); // no filters: every change
        var keys = kit.App.Services.GetRequiredService<ApiKeyStore>();
        var calendarKey = await keys.CreateAsync(new NewApiKey("calendar", Roles.Team, "team-web"));
        var (page, _) = await kit.NewPageAsync();
        await page.GotoAsync("/api/app/team.html");
        await WebKit.EnterKeyAsync(page, teamKey);

        // A wrong feed token: refused, no link shown.
        await page.GetByLabel("Feed token of this key").FillAsync("epf_wrong_token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the subscription link" }).ClickAsync();
        await Assertions.Expect(page.Locator("#calendar-message")).ToContainTextAsync("refused (401)");
        await Assertions.Expect(page.Locator("#calendar-link-box")).ToBeHiddenAsync();

        // The key's feed token: checked against the feed, then the link is shown; it works without any header.
        await page.GetByLabel("Feed token of this key").FillAsync(calendarKey.FeedToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the subscription link" }).ClickAsync();
        await Assertions.Expect(page.Locator("#calendar-message")).ToContainTextAsync("the calendar has 3 dates now");
        var link = await page.Locator("#calendar-link").InputValueAsync();
        Assert.Equal(kit.BaseUri + "api/deadlines/team.ics?feedToken=" + Uri.EscapeDataString(calendarKey.FeedToken), link);
        using (var http = new HttpClient())
        {
            var ics = await http.GetStringAsync(link);
            Assert.Equal(3, ics.Split("\r\n").Count(l => l == "BEGIN:VEVENT"));
        }

        Assert.Null(await page.EvaluateAsync<string?>("() => Object.keys(sessionStorage).find(k => sessionStorage.getItem(k).startsWith('epf_')) || null")); // never stored
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download the calendar now" }).ClickAsync());
        Assert.Equal("team.ics", download.SuggestedFilename);
        Assert.StartsWith("BEGIN:VCALENDAR", await File.ReadAllTextAsync((await download.PathAsync())!), StringComparison.Ordinal);

        // A subscriber to entity-list changes: the preferences page shows their calendar link, which holds the rule's dates only.
        var token = await kit.SubscriberTokenAsync();
        var (prefs, _) = await kit.NewPageAsync();
        await prefs.GotoAsync("/api/app/preferences.html#token=" + Uri.EscapeDataString(token));
        await Assertions.Expect(prefs.Locator("#calendar-section")).ToBeVisibleAsync();
        var mine = await prefs.GetByLabel("Calendar link").InputValueAsync();
        Assert.Equal(kit.BaseUri + "api/deadlines/subscriber.ics?token=" + Uri.EscapeDataString(token), mine);
        using (var http = new HttpClient())
        {
            var ics = await http.GetStringAsync(mine);
            var lines = ics.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
            Assert.Equal(2, lines.Count(l => l == "BEGIN:VEVENT"));
            Assert.DoesNotContain(lines, l => l.Contains("Tariff notice", StringComparison.Ordinal));
        }

        await WebKit.CheckPageAsync(prefs, "preferences-calendar");
        Assert.Empty(kit.Escaped);
    }
}
