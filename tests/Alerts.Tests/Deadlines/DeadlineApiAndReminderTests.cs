using Alerts.Core.Access;
using Alerts.Core.Deadlines;
using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Alerts.Core.Sources;
using Alerts.Tests.Webhooks;

namespace Alerts.Tests.Deadlines;

/// <summary>Dates kept with changes on Azurite, the upcoming list, the calendar feeds and the reminders, with a fake clock.</summary>
public sealed class DeadlineApiAndReminderTests
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private static async Task<(ChangeRecord Change, IReadOnlyList<Deadline> Dates)> RecordAsync(
        Kit kit, DateOnly effective, string[]? topics = null, string title = "Entity List: additions of 12 entities")
    {
        var change = await kit.ChangeAsync(title: title, topics: topics);
        var item = new SourceItem
        {
            ItemKey = change.ItemKey,
            Title = change.Title,
            Url = change.Url,
            PublishedAt = change.DetectedAt,
            Fields = new Dictionary<string, string> { ["effective_on"] = effective.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
            DateHints = new Dictionary<string, string>
            {
                ["dates"] = "Comments must be received by " + effective.AddDays(30).ToString("MMMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture) + "."
            },
        };
        var dates = await kit.Get<DeadlineRecorder>().RecordAsync(change, item);
        return (change, dates);
    }

    private static DateOnly Today(Kit kit) => DateOnly.FromDateTime(kit.Clock.GetUtcNow().UtcDateTime);

    private static async Task<int> DrainDispatchQueueAsync(Kit kit)
    {
        var queue = kit.Get<AlertsStorage>().Queue(StorageNames.DispatchQueue);
        var count = 0;
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } messages)
        {
            foreach (var m in messages)
            {
                await kit.Get<DispatchService>().DispatchAsync(JsonSerializer.Deserialize<DispatchMessage>(m.Body.ToString(), WebJson)!);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                count++;
            }
        }

        return count;
    }

    [Fact]
    public async Task The_dates_of_a_change_are_listed_for_auditors_and_a_later_version_replaces_them()
    {
        await using var kit = await Kit.CreateAsync();
        var today = Today(kit);
        var (change, dates) = await RecordAsync(kit, today.AddDays(10));
        Assert.Equal(2, dates.Count);

        var list = await kit.Api.CallAsync("ListDeadlines", kit.Keys.Auditor);
        Assert.Equal(200, list.Status);
        var items = list.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["effective", "comments"], items.Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal(10, items[0].GetProperty("daysLeft").GetInt32());
        Assert.Equal(change.Id, items[0].GetProperty("changeId").GetString());
        Assert.Equal(change.Url, items[0].GetProperty("url").GetString());

        // The same document's next change moves its effective date: the old date is gone, not kept beside the new one.
        var moved = await kit.Get<DeadlineRecorder>().RecordAsync(change with { Id = "chg_next" }, new SourceItem
        {
            ItemKey = change.ItemKey, Title = change.Title,
            Fields = new Dictionary<string, string> { ["effective_on"] = today.AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
        });
        Assert.Single(moved);
        var after = (await kit.Api.CallAsync("ListDeadlines", kit.Keys.Auditor, query: "?kind=effective")).Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("chg_next", Assert.Single(after).GetProperty("changeId").GetString());
        Assert.Equal(20, after[0].GetProperty("daysLeft").GetInt32());
        Assert.Empty((await kit.Api.CallAsync("ListDeadlines", kit.Keys.Auditor, query: "?kind=comments")).Json.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("?from=tomorrow", "from must be a date")]
    [InlineData("?from=2026-02-01&to=2026-01-01", "is before from")]
    [InlineData("?from=2020-01-01&to=2026-01-01", "at most 731 days")]
    [InlineData("?kind=birthday", "kind must be one of")]
    public async Task A_bad_range_is_refused_with_a_clear_error(string query, string message)
    {
        await using var kit = await Kit.CreateAsync();
        var r = await kit.Api.CallAsync("ListDeadlines", kit.Keys.Auditor, query: query);
        Assert.Equal(400, r.Status);
        Assert.Contains(message, r.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(403, (await kit.Api.CallAsync("ListDeadlines", kit.Keys.TeamA)).Status);
        Assert.Equal(401, (await kit.Api.CallAsync("ListDeadlines", null)).Status);
    }

    [Fact]
    public async Task A_team_calendar_holds_the_dates_of_the_changes_its_targets_filters_match()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "ok", "text/plain"));
        await using var kit = await Kit.CreateAsync();
        await kit.RegisterAsync(receiver.BaseUri + "hook", filters: new { topics = new[] { "entity-list" } });
        var today = Today(kit);
        var (listed, _) = await RecordAsync(kit, today.AddDays(5), ["entity-list"], "Entity List additions; rule, part 744");
        await RecordAsync(kit, today.AddDays(6), ["tariffs"], "Tariff notice");

        var a = await kit.Api.CallAsync("TeamCalendar", kit.Keys.TeamA);
        Assert.Equal(200, a.Status);
        Assert.StartsWith("text/calendar", a.Headers.ContentType.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", a.Body, StringComparison.Ordinal);
        var lines = a.Body.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
        Assert.Equal(2, lines.Count(l => l == "BEGIN:VEVENT"));
        Assert.Contains(@"SUMMARY:Effective date: Entity List additions\; rule\, part 744", lines);
        Assert.Contains("URL:" + listed.Url, lines);
        Assert.DoesNotContain(lines, l => l.Contains("Tariff notice", StringComparison.Ordinal));

        // Team B has no targets and no watchlists: its calendar is empty. An auditor key has no team.
        var b = await kit.Api.CallAsync("TeamCalendar", kit.Keys.TeamB);
        Assert.DoesNotContain("BEGIN:VEVENT", b.Body, StringComparison.Ordinal);
        Assert.Equal(403, (await kit.Api.CallAsync("TeamCalendar", kit.Keys.Auditor)).Status);
    }

    [Fact]
    public async Task A_subscriber_calendar_needs_a_valid_manage_token()
    {
        await using var kit = await Kit.CreateAsync();
        var r = await kit.Api.CallAsync("SubscriberCalendar", null, query: "?token=m.sub_x.1.forged");
        Assert.Equal(400, r.Status);
        Assert.Contains("invalid-token", r.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminders_go_once_through_the_usual_dispatch_however_often_the_job_runs()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "ok", "text/plain"));
        await using var kit = await Kit.CreateAsync();
        await kit.RegisterAsync(receiver.BaseUri + "hook");
        var today = Today(kit);
        var (change, _) = await RecordAsync(kit, today.AddDays(5));
        var job = kit.Get<DeadlineReminders>();

        // 5 days ahead with "7,1": the 7-day reminder (the comment deadline, 35 days ahead, is not due yet).
        Assert.Equal(1, await job.RunAsync());
        Assert.Equal(0, await job.RunAsync());
        await DrainDispatchQueueAsync(kit);
        await DrainDispatchQueueAsync(kit);
        await kit.DrainDeliverQueueAsync();
        var first = JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement.GetProperty("data");
        Assert.Equal("Reminder: effective date in 5 days (" + today.AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "): " + change.Title,
            first.GetProperty("title").GetString());
        Assert.StartsWith(Reminder.Prefix, first.GetProperty("id").GetString(), StringComparison.Ordinal);

        // Four days later: the 1-day reminder, once, however often the job runs.
        kit.Clock.Advance(TimeSpan.FromDays(4));
        Assert.Equal(1, await job.RunAsync());
        Assert.Equal(0, await job.RunAsync());
        await DrainDispatchQueueAsync(kit);
        await kit.DrainDeliverQueueAsync();
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Contains("effective date tomorrow", System.Text.Encoding.UTF8.GetString(receiver.Requests.Last().Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_team_calendar_is_read_by_url_with_its_keys_feed_token_and_a_wrong_token_reads_nothing()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "ok", "text/plain"));
        await using var kit = await Kit.CreateAsync();
        await kit.RegisterAsync(receiver.BaseUri + "hook", filters: new { topics = new[] { "entity-list" } });
        var keys = kit.Get<ApiKeyStore>();
        var teamKey = await keys.CreateAsync(new NewApiKey("calendar app", Roles.Team, "team-a"));
        var auditorKey = await keys.CreateAsync(new NewApiKey("auditor calendar", Roles.Auditor, null));
        var today = Today(kit);
        await RecordAsync(kit, today.AddDays(5), ["entity-list"], "Entity List additions of 3 entities");
        await RecordAsync(kit, today.AddDays(6), ["tariffs"], "Tariff notice");

        // No Authorization header: the feed token in the URL, as a calendar app subscribes.
        var calendar = await kit.Api.CallAsync("TeamCalendar", null, query: "?feedToken=" + Uri.EscapeDataString(teamKey.FeedToken));
        Assert.Equal(200, calendar.Status);
        var lines = calendar.Body.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
        Assert.Equal(2, lines.Count(l => l == "BEGIN:VEVENT")); // the effective date and the comment deadline of the one matching rule
        Assert.Contains("SUMMARY:Effective date: Entity List additions of 3 entities", lines);
        Assert.DoesNotContain(lines, l => l.Contains("Tariff notice", StringComparison.Ordinal));

        // A forged feed token, the key's secret in its place, and an auditor key's feed token (no team) read nothing.
        var forged = await kit.Api.CallAsync("TeamCalendar", null, query: "?feedToken=" + Uri.EscapeDataString(teamKey.FeedToken[..^4] + "AAAA"));
        Assert.Equal(401, forged.Status);
        Assert.DoesNotContain("BEGIN:VCALENDAR", forged.Body, StringComparison.Ordinal);
        Assert.Equal(401, (await kit.Api.CallAsync("TeamCalendar", null, query: "?feedToken=" + Uri.EscapeDataString(teamKey.Secret))).Status);
        Assert.Equal(403, (await kit.Api.CallAsync("TeamCalendar", null, query: "?feedToken=" + Uri.EscapeDataString(auditorKey.FeedToken))).Status);
    }

    [Fact]
    public async Task A_subscriber_with_a_valid_token_sees_only_the_dates_of_the_changes_matching_their_filters()
    {
        await using var kit = await Kit.CreateAsync();
        var store = kit.Get<SubscriberStore>();
        Subscriber Make(string email, SubscriberState state) => new()
        {
            Id = SubscriberStore.NewId(),
            Email = email,
            State = state,
            Preferences = new SubscriptionPreferences { Topics = ["entity-list"], MinSeverity = "high" },
            CreatedAt = kit.Clock.GetUtcNow(),
        };
        var ana = Make("ana@example.org", SubscriberState.Active);
        var ben = Make("ben@example.org", SubscriberState.Unsubscribed);
        Assert.True(await store.TryAddAsync(ana));
        Assert.True(await store.TryAddAsync(ben));
        var today = Today(kit);
        await RecordAsync(kit, today.AddDays(5), ["entity-list"], "Entity List additions of 3 entities");
        await RecordAsync(kit, today.AddDays(6), ["tariffs"], "Tariff notice");
        var low = await kit.ChangeAsync(title: "Entity List correction", topics: ["entity-list"], severity: Severity.Low);
        await kit.Get<DeadlineRecorder>().RecordAsync(low, new SourceItem
        {
            ItemKey = low.ItemKey, Title = low.Title,
            Fields = new Dictionary<string, string> { ["effective_on"] = today.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
        });
        var tokens = kit.Get<Alerts.Core.Email.SubscriberTokens>();

        var mine = await kit.Api.CallAsync("SubscriberCalendar", null, query: "?token=" + Uri.EscapeDataString(tokens.Manage(ana.Id, TimeSpan.FromDays(7))));
        Assert.Equal(200, mine.Status);
        var lines = mine.Body.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
        Assert.Equal(2, lines.Count(l => l == "BEGIN:VEVENT")); // effective date and comment deadline of the entity-list rule only
        Assert.Contains("SUMMARY:Effective date: Entity List additions of 3 entities", lines);
        Assert.DoesNotContain(lines, l => l.Contains("Tariff notice", StringComparison.Ordinal)); // another topic
        Assert.DoesNotContain(lines, l => l.Contains("Entity List correction", StringComparison.Ordinal)); // below the minimum severity

        // An unsubscribed subscriber's valid token reads an empty calendar; an expired token is refused.
        var theirs = await kit.Api.CallAsync("SubscriberCalendar", null, query: "?token=" + Uri.EscapeDataString(tokens.Manage(ben.Id, TimeSpan.FromDays(7))));
        Assert.Equal(200, theirs.Status);
        Assert.DoesNotContain("BEGIN:VEVENT", theirs.Body, StringComparison.Ordinal);
        var expiring = tokens.Manage(ana.Id, TimeSpan.FromDays(1));
        kit.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(400, (await kit.Api.CallAsync("SubscriberCalendar", null, query: "?token=" + Uri.EscapeDataString(expiring))).Status);
    }

    [Fact]
    public async Task A_reminder_links_the_change_it_is_about_in_its_webhook_payload_and_email_and_that_link_answers()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "ok", "text/plain"));
        await using var kit = await Kit.CreateAsync();
        await kit.RegisterAsync(receiver.BaseUri + "hook");
        var (change, _) = await RecordAsync(kit, Today(kit).AddDays(5));
        Assert.Equal(1, await kit.Get<DeadlineReminders>().RunAsync());
        await DrainDispatchQueueAsync(kit);
        await kit.DrainDeliverQueueAsync();

        var data = JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement.GetProperty("data");
        var reminderId = data.GetProperty("id").GetString()!;
        Assert.StartsWith(Reminder.Prefix, reminderId, StringComparison.Ordinal);
        Assert.Equal(Kit.PublicBaseUrl + "/api/changes/" + change.Id, data.GetProperty("link").GetString());
        Assert.Equal(change.Id, data.GetProperty("changeId").GetString());
        // The link answers with the change; the reminder's own id is no change of the log (what the old link pointed at).
        Assert.Equal(200, (await kit.Api.CallAsync("GetChange", kit.Keys.Auditor, id: change.Id)).Status);
        Assert.Equal(404, (await kit.Api.CallAsync("GetChange", kit.Keys.Auditor, id: reminderId)).Status);

        // The e-mail of the same reminder names and links the change, not the reminder id.
        var asChange = await kit.Get<DeliveryChanges>().FindAsync(reminderId);
        var mail = kit.Get<Alerts.Core.Email.EmailRenderer>().Alert(asChange!);
        Assert.Contains(Kit.PublicBaseUrl + "/api/changes/" + change.Id, mail.Text, StringComparison.Ordinal);
        Assert.Contains(Kit.PublicBaseUrl + "/api/changes/" + change.Id, mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(reminderId, mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_reminder_setting_stops_start_up_naming_it()
    {
        await using var services = await TestServices.CreateAsync(new Dictionary<string, string?> { ["Alerts:Deadlines:ReminderDays"] = "7,soon" });
        var ex = Assert.Throws<OptionsValidationException>(() => services.Get<IOptions<DeadlineOptions>>().Value);
        Assert.Contains("Alerts:Deadlines:ReminderDays", ex.Message, StringComparison.Ordinal);
    }
}
