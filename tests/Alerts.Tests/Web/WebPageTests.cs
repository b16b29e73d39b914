using System.Net;
using System.Text.RegularExpressions;
using Alerts.Core.Email;
using Alerts.Core.Sources;
using Alerts.Core.Web;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Alerts.Tests.Web;

/// <summary>The pages in a real browser (Debian's Chromium) against `alerts serve` on Azurite.</summary>
public sealed partial class WebPageTests(ITestOutputHelper output)
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    [GeneratedRegex(@"/api/subscriptions/confirm\?token=[^\s""<]+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex(@"/api/app/preferences\.html#token=[^\s""<]+")]
    private static partial Regex PreferencesLink();

    [Fact]
    public async Task Subscribe_confirm_change_preferences_unsubscribe_and_delete_are_clicked_through()
    {
        await using var kit = await WebKit.StartAsync();
        var (page, dialogs) = await kit.NewPageAsync();
        var posted = new List<string>();
        var pageUrls = new List<string>();
        page.Request += (_, r) =>
        {
            if (r.Method == "POST" && r.Url.EndsWith("/api/subscriptions", StringComparison.Ordinal))
            {
                posted.Add(r.PostData ?? "");
            }

            if (r.ResourceType == "document")
            {
                pageUrls.Add(r.Url);
            }
        };
        var store = kit.App.Services.GetRequiredService<SubscriberStore>();

        // Subscribe.
        await page.GotoAsync("/");
        Assert.EndsWith("/api/app/", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("E-mail address").FillAsync("ana@example.org");
        await page.GetByLabel("Tariffs", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("China", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Minimum severity").SelectOptionAsync("high");
        await page.GetByLabel("Daily digest").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();

        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("we sent a confirmation link to ana@example.org");
        await page.ScreenshotAsync(new() { Path = WebKit.ScreenshotPath("subscribe-sent"), FullPage = true });
        using (var body = JsonDocument.Parse(Assert.Single(posted)))
        {
            Assert.Equal("Europe/Amsterdam", body.RootElement.GetProperty("timeZone").GetString()); // from the browser
            Assert.Equal("digest", body.RootElement.GetProperty("mode").GetString());
            Assert.Equal(["tariffs"], body.RootElement.GetProperty("topics").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(["CN"], body.RootElement.GetProperty("jurisdictions").EnumerateArray().Select(e => e.GetString()));
        }

        Assert.Equal(SubscriberState.Pending, (await store.FindByEmailAsync("ana@example.org"))!.State);

        // Confirm: the e-mailed link lands on the preferences page, which says so and shows what was chosen.
        var mail = Assert.Single(kit.Mails);
        Assert.Equal("ana@example.org", mail.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString());
        var confirm = ConfirmLink().Match(TextOf(mail)).Value;
        Assert.NotEqual("", confirm);
        await page.GotoAsync(confirm);
        // Opening the link (as a mail scanner would) confirms nothing: a person presses the button.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Confirm your subscription");
        Assert.Equal(SubscriberState.Pending, (await store.FindByEmailAsync("ana@example.org"))!.State);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm subscription" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Subscription confirmed");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("your subscription is confirmed");
        await Assertions.Expect(page.Locator("#email")).ToHaveTextAsync("ana@example.org");
        Assert.EndsWith("/api/app/preferences.html", page.Url, StringComparison.Ordinal); // the token left the address bar
        await Assertions.Expect(page.GetByLabel("Tariffs", new() { Exact = true })).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("Entity List", new() { Exact = true })).Not.ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("Minimum severity")).ToHaveValueAsync("high");
        await Assertions.Expect(page.GetByLabel("Daily digest")).ToBeCheckedAsync();
        await page.ScreenshotAsync(new() { Path = WebKit.ScreenshotPath("subscribe-confirmed"), FullPage = true });
        Assert.Equal(SubscriberState.Active, (await store.FindByEmailAsync("ana@example.org"))!.State);

        // Change preferences from the keyboard.
        await page.GetByLabel("Entity List", new() { Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.GetByLabel("Minimum severity").SelectOptionAsync("critical");
        await page.GetByLabel("Each change as it is found").CheckAsync();
        await page.GetByLabel("Keywords (comma-separated; none: no keyword filter)").FillAsync("H20, gallium");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Saved");
        var saved = (await store.FindByEmailAsync("ana@example.org"))!.Preferences;
        Assert.Equal(["tariffs", "entity-list"], saved.Topics.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(["CN"], saved.Jurisdictions);
        Assert.Equal("critical", saved.MinSeverity);
        Assert.Equal("immediate", saved.Mode);
        Assert.Equal(["H20", "gallium"], saved.Keywords);
        Assert.Equal("Europe/Amsterdam", saved.TimeZone);

        // The same confirmation link a second time: already used, the page says so.
        await page.GotoAsync(confirm);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm subscription" }).ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("invalid, expired or already used");
        await Assertions.Expect(page.Locator("#content")).ToBeHiddenAsync();

        // Signing up the same address again (after the 5-minute mail throttle) mails its preferences link; a new tab
        // opened from it shows the saved choice.
        kit.Clock.Advance(TimeSpan.FromMinutes(6));
        await page.GotoAsync("/");
        await page.GetByLabel("E-mail address").FillAsync("ana@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("we sent a confirmation link");
        var preferences = PreferencesLink().Match(TextOf(kit.Mails.Last())).Value;
        Assert.NotEqual("", preferences);
        var (tab, tabDialogs) = await kit.NewPageAsync(375, 800);
        var tabRequests = new List<string>();
        tab.Request += (_, r) => tabRequests.Add(r.Url);
        await tab.GotoAsync(preferences);
        await Assertions.Expect(tab.Locator("#email")).ToHaveTextAsync("ana@example.org");
        await Assertions.Expect(tab.GetByLabel("Minimum severity")).ToHaveValueAsync("critical");
        await Assertions.Expect(tab.GetByLabel("Entity List", new() { Exact = true })).ToBeCheckedAsync();
        await WebKit.CheckPageAsync(tab, "preferences");
        Assert.DoesNotContain(tabRequests, u => u.Contains("preferences.html", StringComparison.Ordinal) && u.Contains("token", StringComparison.Ordinal));

        // The e-mails' visible unsubscribe link (also their List-Unsubscribe address, same token) opens this page with
        // the Unsubscribe button in focus and unsubscribes nothing by itself; Enter unsubscribes. Then delete the data.
        await tab.GotoAsync("/api/subscriptions/unsubscribe?token=" + preferences[(preferences.IndexOf("#token=", StringComparison.Ordinal) + 7)..]);
        await Assertions.Expect(tab.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" })).ToBeFocusedAsync();
        await Assertions.Expect(tab.Locator("#message")).ToContainTextAsync("press Unsubscribe");
        Assert.EndsWith("/api/app/preferences.html", tab.Url, StringComparison.Ordinal);
        Assert.Equal(SubscriberState.Active, (await store.FindByEmailAsync("ana@example.org"))!.State);
        await tab.Keyboard.PressAsync("Enter");
        await Assertions.Expect(tab.Locator("#message")).ToContainTextAsync("You are unsubscribed");
        await Assertions.Expect(tab.Locator("#preferences")).ToBeHiddenAsync();
        await Assertions.Expect(tab.GetByRole(AriaRole.Button, new() { Name = "Delete my data…" })).ToBeFocusedAsync();
        Assert.Equal(SubscriberState.Unsubscribed, (await store.FindByEmailAsync("ana@example.org"))!.State);
        await WebKit.CheckPageAsync(tab, "preferences-unsubscribed");

        await tab.Keyboard.PressAsync("Enter"); // "Delete my data…" has the focus
        await Assertions.Expect(tab.GetByRole(AriaRole.Button, new() { Name = "Yes, delete my data" })).ToBeFocusedAsync();
        await tab.Keyboard.PressAsync("Enter");
        await Assertions.Expect(tab.Locator("h1")).ToHaveTextAsync("Data deleted");
        Assert.Null(await store.FindByEmailAsync("ana@example.org"));
        await WebKit.CheckPageAsync(tab, "preferences-deleted");

        // The link from the e-mail (opened as a mail client would, in a new tab) no longer opens anything.
        var (again, _) = await kit.NewPageAsync();
        await again.GotoAsync(preferences);
        await Assertions.Expect(again.Locator("#message")).ToContainTextAsync("invalid, expired or already used");
        await Assertions.Expect(again.Locator("#content")).ToBeHiddenAsync();

        Assert.DoesNotContain(pageUrls, u => u.Contains("token", StringComparison.Ordinal) && !u.Contains("/api/subscriptions/confirm", StringComparison.Ordinal));
        Assert.Empty(dialogs);
        Assert.Empty(tabDialogs);
        Assert.Empty(kit.Escaped);
    }

    private static string TextOf(JsonElement mail) =>
        mail.GetProperty("content").EnumerateArray().First(c => c.GetProperty("type").GetString() == "text/plain").GetProperty("value").GetString()!;

    /// <summary>30 changes over four weeks: 25 on the first page, 5 on the second; one tariff change with a known diff.</summary>
    private static async Task SeedAsync(WebKit kit, string? hostileTitle = null)
    {
        string[] jurisdictions = ["US", "CN", "EU"];
        for (var i = 0; i < 29; i++)
        {
            await kit.AppendAsync(WebKit.Draft("doc-" + i, "Entity List additions " + i, jurisdictions[i % 3], i % 2 == 0 ? Severity.High : Severity.Low));
            kit.Clock.Advance(TimeSpan.FromDays(1));
        }

        await kit.AppendAsync(WebKit.Draft("hts-8486", hostileTitle ?? "Tariff rate for 8486.20 raised", "US", Severity.Critical, "tariffs",
            [new FieldChange("rate", "25% ad valorem", "50% ad valorem"), new FieldChange("note", null, "Section 301 increase")], story: "story-8486"));
    }

    [Fact]
    public async Task The_explorer_filters_pages_and_shows_the_diff_of_a_known_change_from_the_keyboard()
    {
        await using var kit = await WebKit.StartAsync();
        await SeedAsync(kit);
        var (page, dialogs) = await kit.NewPageAsync();
        await page.GotoAsync("/api/app/explorer.html");
        await WebKit.EnterKeyAsync(page, WebKit.AdminKey);
        var rows = page.Locator("#changes tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        Assert.Null(await page.EvaluateAsync<string?>("() => location.search || null")); // the key is never in the URL
        Assert.Equal(WebKit.AdminKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('alerts.key.auditor')"));
        await Assertions.Expect(rows.First).ToContainTextAsync("Tariff rate for 8486.20 raised"); // newest first

        // Paging: the second page has the 5 oldest; back again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Older" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        await Assertions.Expect(rows.Last).ToContainTextAsync("Entity List additions 0");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Older" })).ToBeDisabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Newer" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(25);

        // Filters: jurisdiction CN (every third of the 29) and high severity.
        await page.GetByLabel("Jurisdiction", new() { Exact = true }).SelectOptionAsync("CN");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(10);
        await page.GetByLabel("Severity", new() { Exact = true }).SelectOptionAsync("high");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        Assert.All(await page.Locator("#changes tbody tr td:nth-child(5)").AllTextContentsAsync(), j => Assert.Equal("CN", j));
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("8486");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);

        // The diff, opened from the keyboard: before and after per field, the changed part marked.
        await page.GetByRole(AriaRole.Button, new() { Name = "Tariff rate for 8486.20 raised" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var detail = page.Locator("#detail");
        await Assertions.Expect(detail).ToBeVisibleAsync();
        await Assertions.Expect(detail).ToBeFocusedAsync(); // focus moves to the detail for keyboard and screen-reader users
        await Assertions.Expect(detail.Locator("h2")).ToHaveTextAsync("Tariff rate for 8486.20 raised");
        var rate = detail.Locator("#diff tbody tr").Filter(new() { HasText = "rate" });
        await Assertions.Expect(rate.Locator("td.before")).ToHaveTextAsync("25% ad valorem");
        await Assertions.Expect(rate.Locator("td.before del")).ToHaveTextAsync("25");
        await Assertions.Expect(rate.Locator("td.after ins")).ToHaveTextAsync("50");
        var note = detail.Locator("#diff tbody tr").Filter(new() { HasText = "note" });
        await Assertions.Expect(note.Locator("td.before")).ToHaveTextAsync("(none: added)");
        await Assertions.Expect(note.Locator("td.after ins")).ToHaveTextAsync("Section 301 increase");
        await page.ScreenshotAsync(new() { Path = WebKit.ScreenshotPath("explorer-detail"), FullPage = true });

        // Export: CSV through fetch + blob, with the filter applied.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync());
        Assert.Equal("changes.csv", download.SuggestedFilename);
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
        Assert.Equal(2, csv.Count(l => l.Length > 0)); // header + the one matching change
        Assert.Contains("8486", csv[1], StringComparison.Ordinal);

        // The chart: every matching change, per week and jurisdiction.
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        await page.GetByRole(AriaRole.Button, new() { Name = "Chart every matching change" }).ClickAsync();
        await Assertions.Expect(page.Locator("#chart-scope")).ToHaveTextAsync("Drawn from all 30 matching changes.");
        var counts = await page.Locator("#chart rect").EvaluateAllAsync<int[]>("rs => rs.map(r => +r.dataset.count)");
        Assert.Equal(30, counts.Sum());
        Assert.Equal(["CN", "EU", "US"], await page.Locator("#chart-legend li").AllTextContentsAsync());

        // The same changes by topic: 29 Entity List changes and the one tariff change.
        await page.GetByLabel("Group the bars by").SelectOptionAsync("topic");
        await Assertions.Expect(page.Locator("#chart-title")).ToHaveTextAsync("Changes per week by topic");
        Assert.Equal(["entity-list", "tariffs"], await page.Locator("#chart-legend li").AllTextContentsAsync());
        var byTopic = await page.Locator("#chart rect").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.group + '=' + r.dataset.count)");
        Assert.Equal(29, byTopic.Where(r => r.StartsWith("entity-list=", StringComparison.Ordinal)).Sum(r => int.Parse(r.Split('=')[1], CultureInfo.InvariantCulture)));
        Assert.Equal(["tariffs=1"], byTopic.Where(r => r.StartsWith("tariffs=", StringComparison.Ordinal)));
        await page.ScreenshotAsync(new() { Path = WebKit.ScreenshotPath("explorer-chart-by-topic"), FullPage = true });
        Assert.Empty(dialogs);
        Assert.Empty(kit.Escaped);
    }

    [Fact]
    public async Task A_hostile_title_is_shown_as_text_and_runs_nothing()
    {
        await using var kit = await WebKit.StartAsync();
        await SeedAsync(kit, Hostile);
        var (page, dialogs) = await kit.NewPageAsync();
        var requested = new List<string>();
        page.Request += (_, r) => requested.Add(r.Url);
        await page.GotoAsync("/api/app/explorer.html");
        await WebKit.EnterKeyAsync(page, WebKit.AdminKey);

        var cell = page.Locator("#changes tbody tr").First.Locator("td:nth-child(3)");
        await Assertions.Expect(cell).ToHaveTextAsync(Hostile);
        await Assertions.Expect(page.GetByText(Hostile)).ToBeVisibleAsync();
        await cell.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.Locator("#detail h2")).ToHaveTextAsync(Hostile);
        await page.WaitForTimeoutAsync(300); // an onerror would have fired by now
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.Empty(dialogs);
        Assert.DoesNotContain(requested, u => u.EndsWith("/x", StringComparison.Ordinal));
        await page.ScreenshotAsync(new() { Path = WebKit.ScreenshotPath("explorer-hostile-title") });
    }

    [Fact]
    public async Task The_status_page_lists_every_source_with_its_health_and_the_verified_chain()
    {
        await using var kit = await WebKit.StartAsync();
        await SeedAsync(kit);
        var (page, _) = await kit.NewPageAsync();
        await page.GotoAsync("/api/app/status.html");
        await WebKit.EnterKeyAsync(page, WebKit.AdminKey);

        await Assertions.Expect(page.Locator("#chain")).ToContainTextAsync("Verified");
        await Assertions.Expect(page.Locator("#chain-meta")).ToContainTextAsync("30");
        var catalog = kit.App.Services.GetRequiredService<SourceCatalog>().All;
        await Assertions.Expect(page.Locator("#sources tbody tr")).ToHaveCountAsync(catalog.Count);
        await Assertions.Expect(page.Locator("#sources tbody")).ToContainTextAsync(catalog.First().Id);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_the_key_form_comes_back()
    {
        await using var kit = await WebKit.StartAsync();
        var (page, _) = await kit.NewPageAsync();
        await page.GotoAsync("/api/app/explorer.html");
        await WebKit.EnterKeyAsync(page, "not-a-key");

        await Assertions.Expect(page.Locator("#key-message")).ToContainTextAsync("401");
        await Assertions.Expect(page.Locator("#content")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('alerts.key.auditor')"));
    }

    [Fact]
    public async Task Every_page_and_asset_is_sent_with_a_content_security_policy_and_no_page_has_inline_script()
    {
        await using var kit = await WebKit.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = kit.BaseUri };

        var root = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/api/app/", root.Headers.Location?.OriginalString);
        Assert.Contains("index.html", WebPages.Names);
        foreach (var name in WebPages.Names.Append(""))
        {
            var r = await http.GetAsync("/api/app/" + name);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var csp = string.Join(";", r.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", string.Join("", r.Headers.GetValues("X-Content-Type-Options")));
            if (name.EndsWith(".html", StringComparison.Ordinal) || name == "")
            {
                var html = await r.Content.ReadAsStringAsync();
                Assert.DoesNotMatch(new Regex("<script(?![^>]*\\bsrc=)", RegexOptions.IgnoreCase), html);
                Assert.DoesNotMatch(new Regex("\\son[a-z]+=|style=|https?://", RegexOptions.IgnoreCase), html); // no handlers, inline styles or other origins
            }
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/app/no-such-page.html")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/app/../appsettings.json")).StatusCode);
    }

    [Fact]
    public async Task Every_page_has_no_serious_or_critical_axe_findings_and_fits_375_px()
    {
        await using var kit = await WebKit.StartAsync();
        await SeedAsync(kit);
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "ok", "text/plain", 200));
        var (teamKey, _) = await kit.TeamWithWebhookAsync(receiver.BaseUri);
        foreach (var width in new[] { 1280, 375 })
        {
            var (page, dialogs) = await kit.NewPageAsync(width, 800);
            var pages = new (string Name, string Path, string? Key, string? Ready)[]
            {
                ("subscribe", "/api/app/", null, "#subscribe"),
                ("explorer-key", "/api/app/explorer.html", null, "#key-form"),
                ("explorer", "/api/app/explorer.html", WebKit.AdminKey, "#changes tbody tr"),
                ("explorer-detail", "/api/app/explorer.html", WebKit.AdminKey, "#detail"),
                ("status", "/api/app/status.html", WebKit.AdminKey, "#sources tbody tr"),
                ("team", "/api/app/team.html", teamKey, "#webhooks tbody tr"),
            };
            foreach (var (name, path, key, ready) in pages)
            {
                await page.Context.ClearCookiesAsync();
                await page.GotoAsync(path);
                await page.EvaluateAsync("() => sessionStorage.clear()");
                await page.ReloadAsync();
                if (key is not null)
                {
                    await WebKit.EnterKeyAsync(page, key);
                }

                if (name == "explorer-detail")
                {
                    await page.Locator("#changes tbody tr button").First.ClickAsync();
                }

                await Assertions.Expect(page.Locator(ready!).First).ToBeVisibleAsync();
                await WebKit.CheckPageAsync(page, name);
            }

            Assert.Empty(dialogs);
            await page.Context.CloseAsync();
        }

        Assert.Empty(kit.Escaped);
    }

    [Fact]
    public async Task Opening_the_explorer_transfers_under_200_KB_and_its_first_page_is_one_api_call()
    {
        await using var kit = await WebKit.StartAsync();
        await SeedAsync(kit);
        var (page, _) = await kit.NewPageAsync();
        await page.GotoAsync("/api/app/explorer.html");
        await WebKit.EnterKeyAsync(page, WebKit.AdminKey);
        await Assertions.Expect(page.Locator("#changes tbody tr")).ToHaveCountAsync(25);

        // Measured from a fresh context with the key already in sessionStorage: the page, its assets and its data.
        await page.EvaluateAsync("() => true");
        var responses = new List<IResponse>();
        page.Response += (_, r) => responses.Add(r);
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.NetworkIdle });
        await Assertions.Expect(page.Locator("#changes tbody tr")).ToHaveCountAsync(25);

        long bytes = 0;
        foreach (var r in responses)
        {
            var sizes = await r.Request.SizesAsync();
            bytes += sizes.ResponseBodySize + sizes.ResponseHeadersSize + sizes.RequestBodySize + sizes.RequestHeadersSize;
        }

        var apiCalls = responses
            .Select(r => new Uri(r.Url).PathAndQuery)
            .Where(p => p.StartsWith("/api/", StringComparison.Ordinal) && !p.StartsWith(WebPages.BasePath, StringComparison.Ordinal))
            .ToList();
        output.WriteLine($"explorer: {responses.Count} requests, {bytes} bytes, API calls: {string.Join(", ", apiCalls)}");
        await File.WriteAllTextAsync(Path.ChangeExtension(WebKit.ScreenshotPath("explorer-measurements"), ".txt"), $"requests={responses.Count} bytes={bytes} apiCalls={apiCalls.Count}\n");
        Assert.True(bytes < 200 * 1024, $"{bytes} bytes");
        Assert.Single(apiCalls);
        Assert.StartsWith("/api/changes?", apiCalls[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_team_page_lists_its_webhook_sends_a_test_with_the_real_answer_and_shows_the_attempt()
    {
        await using var kit = await WebKit.StartAsync();
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, Hostile, "text/plain", 200));
        var (teamKey, _) = await kit.TeamWithWebhookAsync(receiver.BaseUri);
        var (page, dialogs) = await kit.NewPageAsync();
        await page.GotoAsync("/api/app/team.html");
        await WebKit.EnterKeyAsync(page, teamKey);

        var row = page.Locator("#webhooks tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync(new Uri(receiver.BaseUri, "hook").ToString());
        await Assertions.Expect(row).ToContainTextAsync("enabled");
        await row.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        await Assertions.Expect(page.Locator("#webhooks-message")).ToContainTextAsync("Test delivered: HTTP 200");
        await Assertions.Expect(page.Locator("#webhooks-message")).ToContainTextAsync("response: " + Hostile); // the endpoint's answer, as text
        Assert.Single(receiver.Requests, r => r.Method == "POST" && r.Headers.ContainsKey("webhook-signature"));

        await row.GetByRole(AriaRole.Button, new() { Name = "Deliveries" }).ClickAsync();
        var attempts = page.Locator("#deliveries tbody tr");
        await Assertions.Expect(attempts).ToHaveCountAsync(1);
        await Assertions.Expect(attempts).ToContainTextAsync("ping answered");
        await Assertions.Expect(attempts.Locator("td:nth-child(4)")).ToHaveTextAsync("200");
        await page.ScreenshotAsync(new() { Path = WebKit.ScreenshotPath("team"), FullPage = true });
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.Empty(dialogs);
    }
}
