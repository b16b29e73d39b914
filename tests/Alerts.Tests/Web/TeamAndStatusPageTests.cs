using Alerts.Core.Access;
using Alerts.Core.Delivery;
using Alerts.Core.GitHub;
using Alerts.Core.Webhooks;
using Microsoft.Playwright;
using WebhookKit = Alerts.Tests.Webhooks.Kit;

namespace Alerts.Tests.Web;

/// <summary>The team page's create and rotate forms, the status page's last anchor and the explorer's word diff, in Chromium.</summary>
public sealed class TeamAndStatusPageTests
{
    private static async Task<string> TeamKeyAsync(WebKit kit) =>
        (await kit.App.Services.GetRequiredService<ApiKeyStore>().CreateAsync(new NewApiKey("web tests", Roles.Team, "team-forms"))).Secret;

    private static async Task<JsonElement> GetJsonAsync(WebKit kit, string route, string key)
    {
        var reply = await kit.World.Api.CallAsync(route, key);
        Assert.True(reply.Status == 200, reply.Body);
        return reply.Json;
    }

    [Fact]
    public async Task Webhooks_are_disabled_enabled_and_deleted_and_github_targets_added_and_removed_on_the_team_page()
    {
        await using var kit = await WebKit.StartAsync();
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "ok", "text/plain", 200));
        var (teamKey, id) = await kit.TeamWithWebhookAsync(receiver.BaseUri);
        // Filters and a contact, so that the page's disable/enable (a PUT that replaces the endpoint) must carry them over.
        var put = await kit.World.Api.CallAsync("UpdateWebhook", teamKey, id: id, body: new
        {
            url = new Uri(receiver.BaseUri, "hook").ToString(),
            description = "release desk",
            contactEmail = "ops@example.org",
            topics = new[] { "tariffs", "entity-list" },
            jurisdictions = new[] { "CN" },
            minSeverity = "high",
            keywords = new[] { "H20" },
        });
        Assert.True(put.Status == 200, put.Body);

        var store = kit.App.Services.GetRequiredService<WebhookStore>();
        var before = Assert.Single(await store.ListForTeamAsync("team-web"));
        string Kept(WebhookEndpoint e) => JsonSerializer.Serialize(new { e.Url, e.Format, e.Description, e.ContactEmail, e.Filters });
        Assert.Contains("H20", Kept(before), StringComparison.Ordinal);
        var (page, dialogs) = await kit.NewPageAsync();
        await page.GotoAsync("/api/app/team.html");
        await WebKit.EnterKeyAsync(page, teamKey);
        var row = page.Locator("#webhooks tbody tr");
        await Assertions.Expect(row).ToContainTextAsync("enabled");

        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Assertions.Expect(page.Locator("#webhooks-message")).ToContainTextAsync("Disabled: no deliveries to");
        await Assertions.Expect(row).ToContainTextAsync("disabled: disabled by the team");
        var disabled = Assert.Single(await store.ListForTeamAsync("team-web"));
        Assert.False(disabled.Enabled);
        Assert.Equal(Kept(before), Kept(disabled)); // nothing else changed

        await row.GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
        await Assertions.Expect(page.Locator("#webhooks-message")).ToContainTextAsync("Enabled: deliveries to");
        var enabled = Assert.Single(await store.ListForTeamAsync("team-web"));
        Assert.True(enabled.Enabled);
        Assert.Null(enabled.DisabledReason);
        Assert.Equal(Kept(before), Kept(enabled));

        // Delete asks once more; "Keep it" keeps it, "Yes, delete it" (from the keyboard) deletes it.
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete " + before.Url }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete it" })).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#delete-what")).ToContainTextAsync(before.Url);
        await WebKit.CheckPageAsync(page, "team-delete-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Keep it" }).ClickAsync();
        Assert.Single(await store.ListForTeamAsync("team-web"));
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete " + before.Url }).ClickAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#webhooks-message")).ToContainTextAsync("Deleted: " + before.Url);
        await Assertions.Expect(row).ToHaveCountAsync(0);
        Assert.Empty(await store.ListForTeamAsync("team-web"));

        // GitHub targets: a bad repository name is refused with the API's reason, a good one added, then removed.
        var targets = kit.App.Services.GetRequiredService<GitHubTargetStore>();
        await page.GetByLabel("Repository (owner/name)").FillAsync("not a repository");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add repository" }).ClickAsync();
        await Assertions.Expect(page.Locator("#github-message")).ToContainTextAsync("repository must be 'owner/name'");
        Assert.Empty(await targets.ListAsync("team-web"));
        await page.GetByLabel("Repository (owner/name)").FillAsync("acme/export-desk");
        await page.GetByLabel("Extra labels (optional, comma-separated)").FillAsync("trade, urgent");
        await page.GetByLabel("Extra labels (optional, comma-separated)").PressAsync("Enter");
        var target = page.Locator("#github tbody tr");
        await Assertions.Expect(target).ToContainTextAsync("acme/export-desk");
        await Assertions.Expect(target).ToContainTextAsync("trade, urgent");
        var added = Assert.Single(await targets.ListAsync("team-web"));
        Assert.Equal(("acme", "export-desk"), (added.Owner, added.Repository));
        Assert.Equal(["trade", "urgent"], added.Labels);
        await WebKit.CheckPageAsync(page, "team-github-target");
        await target.GetByRole(AriaRole.Button, new() { Name = "Remove acme/export-desk" }).ClickAsync();
        await Assertions.Expect(page.Locator("#github-message")).ToContainTextAsync("Removed");
        await Assertions.Expect(target).ToHaveCountAsync(0);
        Assert.Empty(await targets.ListAsync("team-web"));
        Assert.Empty(dialogs);
        Assert.Empty(kit.Escaped);
    }

    [Fact]
    public async Task A_webhook_created_on_the_team_page_shows_its_secret_once_and_rotation_and_redeliver_work_from_the_page()
    {
        await using var kit = await WebKit.StartAsync();
        kit.Clock.SetUtcNow(DateTimeOffset.UtcNow); // receivers check the signed timestamp against their own clock (300 s)
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "ok", "text/plain", 200));
        var teamKey = await TeamKeyAsync(kit);
        var url = new Uri(receiver.BaseUri, "hook").ToString();
        var (page, dialogs) = await kit.NewPageAsync();
        await page.GotoAsync("/api/app/team.html");
        await WebKit.EnterKeyAsync(page, teamKey);
        await Assertions.Expect(page.Locator("#webhooks-message")).ToContainTextAsync("no webhooks yet");

        // Create from the keyboard-usable form: the button opens it and moves focus to the URL.
        var add = page.GetByRole(AriaRole.Button, new() { Name = "Add a webhook" });
        await Assertions.Expect(add).ToHaveAttributeAsync("aria-expanded", "false");
        await add.ClickAsync();
        await Assertions.Expect(add).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(page.GetByLabel("Endpoint URL")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(url);
        await page.GetByLabel("Format").SelectOptionAsync("standard");
        await page.GetByLabel("Description (optional)", new() { Exact = true }).FillAsync("release desk");
        await page.GetByLabel("Contact e-mail (optional)").FillAsync("ops@example.org");
        await page.GetByLabel("Contact e-mail (optional)").PressAsync("Enter"); // submits the form

        var panel = page.Locator("#secret-panel");
        await Assertions.Expect(panel).ToBeVisibleAsync();
        await Assertions.Expect(panel).ToBeFocusedAsync();
        await Assertions.Expect(panel).ToContainTextAsync("Copy it now: it is not shown again.");
        var secret = await page.GetByRole(AriaRole.Textbox, new() { Name = "Signing secret" }).InputValueAsync();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#create-form")).ToBeHiddenAsync();
        var row = page.Locator("#webhooks tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync(url);
        await Assertions.Expect(row).ToContainTextAsync("release desk");
        await page.ScreenshotAsync(new() { Path = WebKit.ScreenshotPath("team-secret-shown"), FullPage = true });
        var listed = (await GetJsonAsync(kit, "ListWebhooks", teamKey)).GetProperty("items");
        var stored = Assert.Single(listed.EnumerateArray());
        Assert.Equal(url, stored.GetProperty("url").GetString());
        Assert.Equal("ops@example.org", stored.GetProperty("contactEmail").GetString());
        Assert.False(stored.TryGetProperty("secret", out _)); // shown once, never listed

        // The secret shown signs what the endpoint receives (checked with the independent StandardWebhooks library).
        await row.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        await Assertions.Expect(page.Locator("#webhooks-message")).ToContainTextAsync("Test delivered: HTTP 200");
        WebhookKit.Verify(secret, Assert.Single(receiver.Requests));

        // Hiding the panel removes the secret from the page.
        await page.GetByRole(AriaRole.Button, new() { Name = "I have stored it: hide it" }).ClickAsync();
        await Assertions.Expect(panel).ToBeHiddenAsync();
        Assert.Equal("", await page.Locator("#secret").InputValueAsync());

        // A change delivered to the endpoint, then the secret rotated on the page.
        var change = (await kit.AppendAsync(WebKit.Draft("rule-1", "Entity List additions"))).Change;
        await kit.App.Services.GetRequiredService<DispatchService>().DispatchAsync(new DispatchMessage(change.Id));
        Assert.Equal(1, await WebhookKit.DrainDeliverQueueAsync(kit.App.Services));
        var first = receiver.Requests.Last();
        WebhookKit.Verify(secret, first);

        await row.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
        await Assertions.Expect(panel).ToBeVisibleAsync();
        await Assertions.Expect(panel).ToContainTextAsync("The new signing secret of " + url);
        await Assertions.Expect(panel).ToContainTextAsync("it is not shown again");
        await Assertions.Expect(page.Locator("#secret-message")).ToContainTextAsync("The previous secret also signs until");
        var rotated = await page.GetByRole(AriaRole.Textbox, new() { Name = "Signing secret" }).InputValueAsync();
        Assert.StartsWith("whsec_", rotated, StringComparison.Ordinal);
        Assert.NotEqual(secret, rotated);

        // Redeliver from the delivery log: the endpoint receives the change a second time, same webhook-id, new secret first.
        await row.GetByRole(AriaRole.Button, new() { Name = "Deliveries" }).ClickAsync();
        var attempts = page.Locator("#deliveries tbody tr");
        await Assertions.Expect(attempts).ToHaveCountAsync(2); // the ping and the change
        var deliveryId = DeliveryLedger.DeliveryId(change.Id, stored.GetProperty("id").GetString()!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Redeliver " + deliveryId }).ClickAsync();
        await Assertions.Expect(page.Locator("#deliveries-message")).ToContainTextAsync("Queued again: " + deliveryId);
        Assert.Equal(1, await WebhookKit.DrainDeliverQueueAsync(kit.App.Services));
        var again = receiver.Requests.Last();
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Equal(first.Headers["webhook-id"], again.Headers["webhook-id"]);
        var signatures = again.Headers["webhook-signature"].Split(' ');
        Assert.Equal(2, signatures.Length); // the previous secret signs too during the grace period
        WebhookKit.Verify(rotated, again, signatures[0]);
        WebhookKit.Verify(secret, again, signatures[1]);
        await page.ScreenshotAsync(new() { Path = WebKit.ScreenshotPath("team-rotated-redelivered"), FullPage = true });
        Assert.Empty(dialogs);
        Assert.Empty(kit.Escaped);
    }

    [Fact]
    public async Task An_internal_webhook_url_is_refused_on_the_team_page_with_the_reason_and_nothing_is_created()
    {
        await using var kit = await WebKit.StartAsync();
        var teamKey = await TeamKeyAsync(kit);
        var (page, dialogs) = await kit.NewPageAsync();
        await page.GotoAsync("/api/app/team.html");
        await WebKit.EnterKeyAsync(page, teamKey);
        await Assertions.Expect(page.Locator("#webhooks-message")).ToContainTextAsync("no webhooks yet");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add a webhook" }).ClickAsync();
        await page.GetByLabel("Endpoint URL").FillAsync("http://169.254.169.254/latest/meta-data/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create webhook" }).ClickAsync();

        var message = page.Locator("#create-message");
        await Assertions.Expect(message).ToContainTextAsync("Not created:");
        await Assertions.Expect(message).ToContainTextAsync("the cloud metadata address");
        await Assertions.Expect(message).ToHaveClassAsync("message error");
        await Assertions.Expect(page.Locator("#create-form")).ToBeVisibleAsync(); // kept open to correct the URL
        await Assertions.Expect(page.GetByLabel("Endpoint URL")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#secret-panel")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#webhooks tbody tr")).ToHaveCountAsync(0);
        Assert.Equal(0, (await GetJsonAsync(kit, "ListWebhooks", teamKey)).GetProperty("items").GetArrayLength());
        await page.ScreenshotAsync(new() { Path = WebKit.ScreenshotPath("team-url-refused"), FullPage = true });
        Assert.Empty(dialogs);
        Assert.Empty(kit.Escaped);
    }

    [Fact]
    public async Task The_status_page_says_not_anchored_yet_and_after_anchoring_shows_the_anchored_sequence()
    {
        await using var github = await GitHubContentsServer.StartAsync();
        await using var kit = await WebKit.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:Anchoring:Repository"] = $"{github.Owner}/{github.Repo}",
            ["Alerts:Anchoring:Path"] = "anchors/log.jsonl",
            ["Alerts:GitHub:BaseUrl"] = github.BaseUri.ToString(),
            ["Alerts:GitHub:Token"] = github.Token,
        });
        for (var i = 0; i < 3; i++)
        {
            await kit.AppendAsync(WebKit.Draft("doc-" + i, "Entity List additions " + i));
        }

        var (page, _) = await kit.NewPageAsync();
        await page.GotoAsync("/api/app/status.html");
        await WebKit.EnterKeyAsync(page, WebKit.AdminKey);
        await Assertions.Expect(page.Locator("#chain")).ToContainTextAsync("Verified");
        await Assertions.Expect(page.Locator("#anchor")).ToContainTextAsync("Not anchored yet");
        Assert.Equal(0, await page.Locator("#anchor-meta dd").CountAsync());
        Assert.False((await GetJsonAsync(kit, "VerifyChanges", WebKit.AdminKey)).TryGetProperty("lastAnchor", out _));

        var published = await kit.App.Services.GetRequiredService<AnchorService>().PublishAsync();
        Assert.NotNull(published);
        await kit.AppendAsync(WebKit.Draft("doc-3", "Entity List additions 3"));
        await kit.AppendAsync(WebKit.Draft("doc-4", "Entity List additions 4"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();

        var anchor = page.Locator("#anchor");
        await Assertions.Expect(anchor).ToContainTextAsync("Anchored at sequence 3");
        await Assertions.Expect(anchor).ToContainTextAsync("2 entries appended since");
        var hash3 = (await kit.App.Services.GetRequiredService<ChangeLogStore>().GetAsync(3))!.Hash!;
        var meta = await page.Locator("#anchor-meta dd").AllTextContentsAsync();
        Assert.Equal("3", meta[0]);
        Assert.Equal(hash3, meta[1]);
        Assert.Equal($"{github.Owner}/{github.Repo}, file anchors/log.jsonl", meta[3]);
        Assert.Equal(published.CommitSha, meta[4]);
        await page.ScreenshotAsync(new() { Path = WebKit.ScreenshotPath("status-anchored"), FullPage = true });

        // The API answer the page reads: the last anchor as recorded, without a call to GitHub.
        var before = github.Requests.Count;
        var verify = await GetJsonAsync(kit, "VerifyChanges", WebKit.AdminKey);
        Assert.Equal(before, github.Requests.Count);
        Assert.Equal(3, verify.GetProperty("lastAnchor").GetProperty("sequence").GetInt64());
        Assert.Equal(hash3, verify.GetProperty("lastAnchor").GetProperty("hash").GetString());
        Assert.Equal(5, verify.GetProperty("headSequence").GetInt64());
    }

    [Fact]
    public async Task The_explorer_marks_exactly_the_changed_words_of_a_rule_text()
    {
        await using var kit = await WebKit.StartAsync();
        var annex = string.Join(" ", Enumerable.Range(0, 1100).Select(i => "item" + i)); // 2,200 tokens a side: over the diff's size guard
        await kit.AppendAsync(WebKit.Draft("rule-text", "Rule text amended", diff:
        [
            new FieldChange("text", "Controls on exports of HBM to China apply from today.", "Controls on imports of HBM to China apply from today."),
            new FieldChange("scope", "Covers advanced chips made in the US.", "Covers legacy chips made in the EU."),
            new FieldChange("annex", "A " + annex + " end", "B " + annex + " fin"),
        ]));
        var (page, dialogs) = await kit.NewPageAsync();
        await page.GotoAsync("/api/app/explorer.html");
        await WebKit.EnterKeyAsync(page, WebKit.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Rule text amended" }).ClickAsync();

        var rows = page.Locator("#diff tbody tr");
        var text = rows.Filter(new() { HasText = "text" });
        await Assertions.Expect(text.Locator("td.before")).ToHaveTextAsync("Controls on exports of HBM to China apply from today.");
        await Assertions.Expect(text.Locator("td.before del")).ToHaveTextAsync("exports"); // the whole word, not just "ex"
        await Assertions.Expect(text.Locator("td.after ins")).ToHaveTextAsync("imports");
        var scope = rows.Filter(new() { HasText = "scope" });
        Assert.Equal(["advanced", "US"], await scope.Locator("td.before del").AllTextContentsAsync()); // two words, not one span
        Assert.Equal(["legacy", "EU"], await scope.Locator("td.after ins").AllTextContentsAsync());
        await Assertions.Expect(scope.Locator("td.after")).ToHaveTextAsync("Covers legacy chips made in the EU.");

        // Too long for the word diff: the common prefix and suffix marking instead (one span, here the whole value).
        var annexRow = rows.Filter(new() { HasText = "annex" });
        Assert.Equal(["A " + annex + " end"], await annexRow.Locator("td.before del").AllTextContentsAsync());
        Assert.Equal(["B " + annex + " fin"], await annexRow.Locator("td.after ins").AllTextContentsAsync());
        await page.ScreenshotAsync(new() { Path = WebKit.ScreenshotPath("explorer-word-diff"), FullPage = true });
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task The_team_page_form_and_secret_states_have_no_serious_or_critical_axe_findings_and_fit_375_px()
    {
        await using var kit = await WebKit.StartAsync();
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "ok", "text/plain", 200));
        var teamKey = await TeamKeyAsync(kit);
        var n = 0;
        foreach (var width in new[] { 1280, 375 })
        {
            var (page, dialogs) = await kit.NewPageAsync(width, 800);
            await page.GotoAsync("/api/app/team.html");
            await WebKit.EnterKeyAsync(page, teamKey);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add a webhook" }).ClickAsync();
            await Assertions.Expect(page.Locator("#create-form")).ToBeVisibleAsync();
            await WebKit.CheckPageAsync(page, "team-form-open");

            await page.GetByLabel("Endpoint URL").FillAsync("http://169.254.169.254/");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create webhook" }).ClickAsync();
            await Assertions.Expect(page.Locator("#create-message")).ToContainTextAsync("Not created:");
            await WebKit.CheckPageAsync(page, "team-form-error");

            await page.GetByLabel("Endpoint URL").FillAsync(new Uri(receiver.BaseUri, "hook-" + ++n).ToString());
            await page.GetByRole(AriaRole.Button, new() { Name = "Create webhook" }).ClickAsync();
            await Assertions.Expect(page.Locator("#secret-panel")).ToBeVisibleAsync();
            await WebKit.CheckPageAsync(page, "team-secret-shown");
            Assert.Empty(dialogs);
            await page.Context.CloseAsync();
        }

        Assert.Empty(kit.Escaped);
    }
}
