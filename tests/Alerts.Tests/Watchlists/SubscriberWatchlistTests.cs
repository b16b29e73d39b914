using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Alerts.Core.Watchlists;
using Alerts.Tests.Email;
using Alerts.Tests.Webhooks;

namespace Alerts.Tests.Watchlists;

/// <summary>
/// Watchlists owned by a subscriber (their manage token, as the preferences page uses it): the team API's routes under
/// /api/subscriptions/watchlists, the same limits and privacy, and matches by e-mail through the SendGrid channel
/// (a local server speaking v3 mail/send, the real SendGrid client), on Azurite.
/// </summary>
public sealed class SubscriberWatchlistTests
{
    private const string Scope = "csl-entity-list";

    private static readonly object Customers = new
    {
        name = "My suppliers",
        counterparties = new object[] { new { name = "Hebei Semiconductor Research Institute", country = "CN", reference = "PO-7" } },
        products = new object[] { new { type = "eccn", value = "3A090" } },
    };

    private const string Csv = "type,value,aliases,country,address,reference\r\n" +
        "counterparty,Hebei Semiconductor Research Institute,HSRI,CN,,PO-7\r\ncounterparty,Acme Widgets GmbH,,DE,,\r\nhts,8542.31,,,,\r\n";

    /// <summary>Calls a route by name with the token in the query, as the preferences page does.</summary>
    private static Task<ApiReply> CallAsync(EmailKit kit, string name, string? token, object? body = null, string? id = null,
        string? raw = null, string contentType = "application/json") =>
        kit.Api.CallAsync(name, key: null, body, id, query: token is null ? null : "?token=" + Uri.EscapeDataString(token),
            contentType: contentType, rawBody: raw);

    private static string Token(EmailKit kit, Subscriber s) => kit.Get<SubscriberTokens>().Manage(s.Id, TimeSpan.FromDays(30));

    private static async Task<string> CreateAsync(EmailKit kit, string token)
    {
        var created = await CallAsync(kit, "CreateSubscriberWatchlist", token, Customers);
        Assert.True(created.Status == 201, created.Body);
        return created.Json.GetProperty("watchlist").GetProperty("id").GetString()!;
    }

    /// <summary>The Entity List adds the Hebei Semiconductor Research Institute (the match-alert tests' change).</summary>
    private static Task<ChangeRecord> ListedAsync(EmailKit kit) => WatchlistMatchAlertTests.ListedAsync(kit.Get<ChangeLogStore>(), kit.Clock.GetUtcNow());

    private static async Task<List<DispatchMessage>> TakeDispatchesAsync(EmailKit kit)
    {
        var queue = kit.Get<AlertsStorage>().Queue(StorageNames.DispatchQueue);
        var taken = new List<DispatchMessage>();
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } messages)
        {
            foreach (var m in messages)
            {
                taken.Add(QueueSender.Parse<DispatchMessage>(m.Body.ToString()));
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }
        }

        return taken;
    }

    [Fact]
    public async Task A_subscriber_creates_imports_and_exports_a_watchlist_with_their_manage_token_and_another_subscriber_gets_404()
    {
        await using var kit = await EmailKit.CreateAsync();
        var ana = Token(kit, await kit.SubscribeAndConfirmAsync("ana@example.org"));
        var ben = Token(kit, await kit.SubscribeAndConfirmAsync("ben@example.org"));

        var id = await CreateAsync(kit, ana);
        var imported = await CallAsync(kit, "ImportSubscriberWatchlist", ana, id: id, raw: Csv, contentType: "text/csv");
        Assert.True(imported.Status == 200, imported.Body);
        Assert.Equal(3, imported.Json.GetProperty("imported").GetInt32());
        Assert.True(imported.Json.TryGetProperty("screening", out _));

        var export = await CallAsync(kit, "ExportSubscriberWatchlist", ana, id: id);
        Assert.Equal(200, export.Status);
        Assert.Contains("counterparty,Hebei Semiconductor Research Institute,HSRI,CN,,PO-7", export.Body, StringComparison.Ordinal);
        Assert.Contains("hts,8542.31", export.Body, StringComparison.Ordinal);
        var mine = await CallAsync(kit, "ListSubscriberWatchlists", ana);
        Assert.Equal(id, Assert.Single(mine.Json.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());

        // Another subscriber, and a team, find nothing; nothing of Ana's changes.
        var theirs = new[]
        {
            await CallAsync(kit, "GetSubscriberWatchlist", ben, id: id),
            await CallAsync(kit, "UpdateSubscriberWatchlist", ben, new { name = "taken" }, id: id),
            await CallAsync(kit, "DeleteSubscriberWatchlist", ben, id: id),
            await CallAsync(kit, "ImportSubscriberWatchlist", ben, id: id, raw: "type,value,aliases,country,address,reference\ncounterparty,X,,,,\n", contentType: "text/csv"),
            await CallAsync(kit, "ExportSubscriberWatchlist", ben, id: id),
            await CallAsync(kit, "ListSubscriberWatchlistMatches", ben, id: id),
        };
        Assert.All(theirs, r => Assert.Equal(404, r.Status));
        Assert.Empty((await CallAsync(kit, "ListSubscriberWatchlists", ben)).Json.GetProperty("items").EnumerateArray());
        var list = await kit.Get<WatchlistStore>().GetForOwnerAsync(id, WatchlistOwner.Subscriber((await kit.Get<SubscriberStore>().FindByEmailAsync("ana@example.org"))!.Id));
        Assert.Equal("My suppliers", list!.Name);
        Assert.Equal(3, (await kit.Get<WatchlistStore>().EntriesAsync(list)).Count);
        Assert.Null(await kit.Get<WatchlistStore>().GetForTeamAsync(id, ""));
    }

    [Fact]
    public async Task An_expired_or_forged_token_is_refused_and_changes_nothing()
    {
        await using var kit = await EmailKit.CreateAsync();
        var s = await kit.SubscribeAndConfirmAsync("ana@example.org");
        var id = await CreateAsync(kit, Token(kit, s));
        var shortLived = kit.Get<SubscriberTokens>().Manage(s.Id, TimeSpan.FromHours(1));
        var good = Token(kit, s);
        var forged = good[..^4] + (good.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        var otherId = good.Replace(s.Id, "sub_000000000000000000000000", StringComparison.Ordinal);

        kit.Clock.Advance(TimeSpan.FromHours(2));
        var refused = new[]
        {
            await CallAsync(kit, "DeleteSubscriberWatchlist", shortLived, id: id),
            await CallAsync(kit, "DeleteSubscriberWatchlist", forged, id: id),
            await CallAsync(kit, "DeleteSubscriberWatchlist", otherId, id: id),
            await CallAsync(kit, "DeleteSubscriberWatchlist", null, id: id),
            await CallAsync(kit, "CreateSubscriberWatchlist", forged, Customers),
            await CallAsync(kit, "ListSubscriberWatchlists", shortLived),
        };

        Assert.All(refused, r => Assert.Equal(400, r.Status));
        Assert.All(refused, r => Assert.Contains("invalid-token", r.Body, StringComparison.Ordinal));
        Assert.Equal(id, Assert.Single((await CallAsync(kit, "ListSubscriberWatchlists", good)).Json.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public void The_subscriber_routes_that_change_something_share_the_subscriber_routes_per_client_limit()
    {
        var changing = ApiRoutes.All.Where(r => r.Route.StartsWith("subscriptions/watchlists", StringComparison.Ordinal) && r.Method != "GET").ToList();
        var reading = ApiRoutes.All.Where(r => r.Route.StartsWith("subscriptions/watchlists", StringComparison.Ordinal) && r.Method == "GET").ToList();

        Assert.Equal(4, changing.Count); // create, update, delete, import
        Assert.All(changing, r => Assert.Same(EmailRoutes.ClientLimit, r.PerClient));
        Assert.All(reading, r => Assert.Null(r.PerClient));
        Assert.All(changing.Concat(reading), r => Assert.Null(r.Role));
        Assert.All(changing.Concat(reading), r => Assert.Contains(r.Query, q => q.Name == "token"));
    }

    [Fact]
    public async Task A_matching_entity_list_change_sends_exactly_one_email_to_the_subscriber_who_owns_the_watchlist()
    {
        await using var kit = await EmailKit.CreateAsync();
        var owner = await kit.SubscribeAndConfirmAsync("ana@example.org", new { topics = new[] { "tariffs" } });
        await kit.SubscribeAndConfirmAsync("ben@example.org", new { topics = new[] { "tariffs" } });
        var id = await CreateAsync(kit, Token(kit, owner));
        var before = kit.Mails.Count;
        var change = await ListedAsync(kit);

        // The change dispatched twice (a redelivered message), the alert's dispatch twice, and its deliver message twice (a crash and re-run).
        await kit.DispatchAsync(change);
        await kit.DispatchAsync(change);
        var alert = Assert.Single(await TakeDispatchesAsync(kit));
        Assert.StartsWith(MatchAlert.Prefix, alert.ChangeId, StringComparison.Ordinal);
        await kit.Get<DispatchService>().DispatchAsync(alert);
        await kit.Get<DispatchService>().DispatchAsync(alert);
        var delivered = await kit.DrainAsync();
        Assert.NotEmpty(delivered);
        foreach (var m in delivered)
        {
            await kit.Get<DispatchService>().DeliverAsync(m);
        }

        var mails = kit.Mails.Skip(before).Where(m => m.Status == 202).ToList();
        var mail = Assert.Single(mails);
        Assert.Equal(new[] { "ana@example.org" }, mail.Recipients);
        Assert.Contains("Watchlist match (My suppliers): Hebei Semiconductor Research Institute", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("watchlist-match", mail.Json.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("an entry of a watchlist you keep matched", mail.Text, StringComparison.Ordinal);
        var p = Assert.Single(mail.Personalizations);
        Assert.Contains("/api/subscriptions/unsubscribe?token=", EmailKit.UnsubscribeLink(p), StringComparison.Ordinal);
        Assert.Equal(owner.Id, kit.Get<SubscriberTokens>().ReadManage(Uri.UnescapeDataString(EmailKit.UnsubscribeLink(p).Split("token=")[1])));

        // The match is listed for the owner.
        var matches = await CallAsync(kit, "ListSubscriberWatchlistMatches", Token(kit, owner), id: id);
        Assert.Single(matches.Json.GetProperty("items").EnumerateArray(), m => m.GetProperty("changeId").GetString() == change.Id);
    }

    [Fact]
    public async Task A_team_watchlists_match_sends_no_email_and_a_subscribers_match_reaches_no_team()
    {
        await using var kit = await EmailKit.CreateAsync();
        var owner = await kit.SubscribeAndConfirmAsync("ana@example.org", new { topics = new[] { "tariffs" } });
        await CreateAsync(kit, Token(kit, owner));
        await kit.Get<WatchlistStore>().CreateAsync(new Watchlist { Id = WatchlistStore.NewId(), TeamId = "team-a", Name = "Team list", Counterparties = 1, Generation = 1 },
            [new WatchlistEntry { Id = "e1", Type = EntryTypes.Counterparty, Value = "Hebei Semiconductor Research Institute", Country = "CN" }]);
        var before = kit.Mails.Count;

        await kit.DispatchAsync(await ListedAsync(kit));
        var alerts = await TakeDispatchesAsync(kit);
        Assert.Equal(2, alerts.Count);
        foreach (var a in alerts)
        {
            await kit.Get<DispatchService>().DispatchAsync(a);
        }

        await kit.DrainAsync();
        var mail = Assert.Single(kit.Mails.Skip(before));
        Assert.Equal(new[] { "ana@example.org" }, mail.Recipients);
        Assert.Contains("(My suppliers)", mail.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsubscribing_or_erasing_deletes_the_subscribers_watchlists_and_their_matches_and_sends_no_more_match_mail()
    {
        await using var kit = await EmailKit.CreateAsync();
        var ana = await kit.SubscribeAndConfirmAsync("ana@example.org");
        var ben = await kit.SubscribeAndConfirmAsync("ben@example.org");
        var anaList = await CreateAsync(kit, Token(kit, ana));
        var benList = await CreateAsync(kit, Token(kit, ben));
        await kit.Get<WatchlistMatchStore>().AddAsync(anaList, [new WatchlistMatch
        {
            WatchlistId = anaList, EntryId = "e1", EntryType = "counterparty", EntryValue = "x", Origin = "screening", SourceId = Scope, ItemKey = "k", Title = "t", Method = "tokens",
        }]);

        var unsubscribe = await kit.OneClickUnsubscribeAsync(Token(kit, ana));
        Assert.Equal(200, unsubscribe.Status);
        var erase = await kit.Api.CallAsync("DeleteSubscription", query: "?token=" + Uri.EscapeDataString(Token(kit, ben)));
        Assert.Equal(200, erase.Status);

        var store = kit.Get<WatchlistStore>();
        Assert.Empty(await store.AllAsync());
        Assert.Empty(await kit.Get<WatchlistMatchStore>().ListAsync(anaList, 10));
        Assert.Null(await store.GetForOwnerAsync(benList, WatchlistOwner.Subscriber(ben.Id)));

        // The unsubscribed subscriber's token still reads the page, but may not make a new watchlist.
        var again = await CallAsync(kit, "CreateSubscriberWatchlist", Token(kit, ana), Customers);
        Assert.Equal(403, again.Status);
        Assert.Empty(await store.AllAsync());
    }

    [Fact]
    public async Task SendGrids_unsubscribe_event_deletes_the_subscribers_watchlists_and_a_bounce_keeps_them()
    {
        await using var kit = await EmailKit.CreateAsync();
        var ana = await kit.SubscribeAndConfirmAsync("ana@example.org");
        var ben = await kit.SubscribeAndConfirmAsync("ben@example.org");
        await CreateAsync(kit, Token(kit, ana));
        var benList = await CreateAsync(kit, Token(kit, ben));
        var body = JsonSerializer.Serialize(new[] { ("ana@example.org", ana.Id, "unsubscribe"), ("ben@example.org", ben.Id, "bounce") }.Select(e => new Dictionary<string, object>
        {
            ["email"] = e.Item1,
            ["timestamp"] = 1_795_000_000,
            ["event"] = e.Item3,
            ["sg_event_id"] = Guid.NewGuid().ToString("N"),
            ["subscriber_id"] = e.Item2,
        }));
        var (signature, timestamp) = kit.Sign(body);

        Assert.Equal(200, (await kit.PostEventsAsync(body, signature, timestamp)).Status);

        var left = await kit.Get<WatchlistStore>().AllAsync();
        Assert.Equal(benList, Assert.Single(left).Id);
        Assert.Equal(SubscriberState.Deactivated, (await kit.Get<SubscriberStore>().GetAsync(ben.Id))!.State);
    }
}
