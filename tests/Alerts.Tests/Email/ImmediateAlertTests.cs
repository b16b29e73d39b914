using Alerts.Core.Email;

namespace Alerts.Tests.Email;

public sealed class ImmediateAlertTests
{
    [Fact]
    public async Task A_change_reaches_exactly_the_subscribers_whose_preferences_match_and_a_second_dispatch_sends_nothing()
    {
        await using var kit = await EmailKit.CreateAsync();
        await kit.SubscribeAndConfirmAsync("all@example.org");
        await kit.SubscribeAndConfirmAsync("topic@example.org", new { topics = new[] { "entity-list" } });
        await kit.SubscribeAndConfirmAsync("wrongtopic@example.org", new { topics = new[] { "tariffs" } });
        await kit.SubscribeAndConfirmAsync("us@example.org", new { jurisdictions = new[] { "US" } });
        await kit.SubscribeAndConfirmAsync("cn@example.org", new { jurisdictions = new[] { "CN" } });
        await kit.SubscribeAndConfirmAsync("high@example.org", new { minSeverity = "high" });
        await kit.SubscribeAndConfirmAsync("critical@example.org", new { minSeverity = "critical" });
        await kit.SubscribeAndConfirmAsync("source@example.org", new { sources = new[] { "federal-register" } });
        await kit.SubscribeAndConfirmAsync("othersource@example.org", new { sources = new[] { "mofcom" } });
        await kit.SubscribeAndConfirmAsync("keyword@example.org", new { keywords = new[] { "SEMICONDUCTOR" } });
        await kit.SubscribeAndConfirmAsync("nokeyword@example.org", new { keywords = new[] { "gallium" } });
        await kit.SubscribeAndConfirmAsync("digest@example.org", new { mode = "digest" });
        var confirmations = kit.Accepted.Count;

        var change = await kit.RecordAsync(severity: Severity.High, jurisdiction: "US", topics: ["entity-list"], source: "federal-register", matched: ["Entity List", "semiconductor"]);
        await kit.DispatchAsync(change);
        await kit.DrainAsync();
        await kit.DispatchAsync(change);
        await kit.DrainAsync();

        var alert = Assert.Single(kit.Accepted.Skip(confirmations));
        Assert.Equal(
            ["all@example.org", "high@example.org", "keyword@example.org", "source@example.org", "topic@example.org", "us@example.org"],
            alert.Recipients.Order(StringComparer.Ordinal));
        var stats = await kit.Get<EmailDeliveryStore>().StatisticsAsync(change.Id);
        Assert.Equal(6, stats["sent"]);
        Assert.Single(stats);
    }

    [Fact]
    public async Task Per_story_subscribers_hear_of_the_first_change_of_a_story_and_per_change_subscribers_of_every_one()
    {
        await using var kit = await EmailKit.CreateAsync();
        await kit.SubscribeAndConfirmAsync("story@example.org", new { granularity = "perStory" });
        await kit.SubscribeAndConfirmAsync("change@example.org", new { granularity = "perChange" });
        var confirmations = kit.Accepted.Count;

        var first = await kit.RecordAsync(title: "Proposed rule", story: "story-1");
        await kit.DispatchAsync(first);
        await kit.DrainAsync();
        var update = await kit.RecordAsync(title: "Final rule", story: "story-1");
        await kit.DispatchAsync(update);
        await kit.DrainAsync();

        var mails = kit.Accepted.Skip(confirmations).ToList();
        Assert.Equal(2, mails.Count);
        Assert.Equal(["change@example.org", "story@example.org"], mails[0].Recipients.Order(StringComparer.Ordinal));
        Assert.Equal(["change@example.org"], mails[1].Recipients);
    }

    [Fact]
    public async Task An_alert_says_what_changed_why_and_where_with_both_parts_ids_and_per_recipient_links()
    {
        await using var kit = await EmailKit.CreateAsync();
        var a = await kit.SubscribeAndConfirmAsync("ana@example.org");
        var b = await kit.SubscribeAndConfirmAsync("ben@example.org");
        var change = await kit.RecordAsync(title: "Additions to the Entity List", severity: Severity.Critical, jurisdiction: "US", summary: "Adds 12 entities.");

        await kit.DispatchAsync(change);
        await kit.DrainAsync();

        var mail = kit.Accepted.Last();
        Assert.Equal("[CRITICAL] Additions to the Entity List", mail.Subject);
        foreach (var part in new[] { mail.Html, mail.Text })
        {
            Assert.Contains("Additions to the Entity List", part, StringComparison.Ordinal);
            Assert.Contains("federal-register", part, StringComparison.Ordinal);
            Assert.Contains("US", part, StringComparison.Ordinal);
            Assert.Contains("2026-12-15", part, StringComparison.Ordinal); // the diff
            Assert.Contains("semiconductor", part, StringComparison.Ordinal); // why it matters
            Assert.Contains("https://www.federalregister.gov/d/2026-01234", part, StringComparison.Ordinal);
            Assert.Contains(change.Id, part, StringComparison.Ordinal);
            Assert.Contains("#" + change.Sequence, part, StringComparison.Ordinal);
        }

        Assert.Contains("policy-alert", mail.Json.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(change.Id, mail.Json.GetProperty("custom_args").GetProperty("change_id").GetString());
        var links = new HashSet<string>();
        foreach (var (p, s) in mail.Personalizations.Zip(mail.Recipients.Select(r => r == "ana@example.org" ? a : b)))
        {
            var args = p.GetProperty("custom_args");
            Assert.Equal(s.Id, args.GetProperty("subscriber_id").GetString());
            Assert.Equal(change.Id + "/email:" + s.Id, args.GetProperty("delivery_id").GetString());
            var (tag, link) = EmailKit.Substitution(p, "-unsubscribe_");
            Assert.Contains(tag, mail.Html, StringComparison.Ordinal); // the message's own tag stands where the link goes
            Assert.Contains(tag, mail.Text, StringComparison.Ordinal);
            Assert.Equal(s.Id, kit.Get<SubscriberTokens>().ReadManage(EmailKit.TokenFrom(link, "/api/subscriptions/unsubscribe")));
            links.Add(link);
        }

        Assert.Equal(2, links.Count);
    }

    [Fact]
    public async Task Text_a_source_controls_cannot_name_a_substitution_tag_and_steal_a_recipients_link()
    {
        await using var kit = await EmailKit.CreateAsync();
        await kit.SubscribeAndConfirmAsync("ana@example.org");
        // The tags of the service before this fix, and template syntax, in every field a source writes.
        const string Bait = "-unsubscribe_url- -preferences_url- {{unsubscribe}} [%unsubscribe%] -unsubscribe_-";
        var first = await kit.RecordAsync(title: "Rule " + Bait, summary: Bait, url: "https://evil.example/collect?u=-unsubscribe_url-&p=-preferences_url-");
        await kit.DispatchAsync(first);
        await kit.DrainAsync();
        var second = await kit.RecordAsync(title: "Second rule");
        await kit.DispatchAsync(second);
        await kit.DrainAsync();

        var (mail, next) = (kit.Accepted[^2], kit.Accepted[^1]);
        var substitutions = mail.Personalizations.Single().GetProperty("substitutions").EnumerateObject().ToList();
        Assert.Equal(2, substitutions.Count);
        foreach (var tag in substitutions.Select(p => p.Name))
        {
            // SendGrid replaces every occurrence of a tag: each one stands exactly once, in the footer the service wrote.
            Assert.Equal(1, Occurrences(mail.Html, tag));
            Assert.Equal(1, Occurrences(mail.Text, tag));
            Assert.DoesNotContain(tag, mail.Subject, StringComparison.Ordinal);
            Assert.Matches("^-(unsubscribe|preferences)_[0-9a-f]{32}-$", tag);
        }

        Assert.Contains("evil.example/collect?u=-unsubscribe_url-", mail.Html, StringComparison.Ordinal); // the bait stays inert text
        var nextTags = next.Personalizations.Single().GetProperty("substitutions").EnumerateObject().Select(p => p.Name);
        Assert.Empty(nextTags.Intersect(substitutions.Select(p => p.Name))); // fresh tags for every message

        static int Occurrences(string text, string tag)
        {
            var n = 0;
            for (var at = text.IndexOf(tag, StringComparison.Ordinal); at >= 0; at = text.IndexOf(tag, at + tag.Length, StringComparison.Ordinal))
            {
                n++;
            }

            return n;
        }
    }

    [Fact]
    public async Task A_hostile_feed_title_arrives_as_text_and_cannot_inject_headers()
    {
        await using var kit = await EmailKit.CreateAsync();
        await kit.SubscribeAndConfirmAsync("ana@example.org");
        var change = await kit.RecordAsync(
            title: "<script>alert('x')</script>Rule\r\nBcc: victim@example.net",
            summary: "<img src=x onerror=alert(1)> & more",
            url: "javascript:alert(document.cookie)");

        await kit.DispatchAsync(change);
        await kit.DrainAsync();

        var mail = kit.Accepted.Last();
        Assert.DoesNotContain('\r', mail.Subject);
        Assert.DoesNotContain('\n', mail.Subject);
        Assert.Equal("[HIGH] <script>alert('x')</script>Rule Bcc: victim@example.net", mail.Subject);
        Assert.DoesNotContain("<script", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;Rule", mail.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; &amp; more", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\r", mail.Text, StringComparison.Ordinal);
        Assert.Equal(["ana@example.org"], mail.Recipients);
        foreach (var p in mail.Personalizations)
        {
            Assert.False(p.TryGetProperty("bcc", out _));
            foreach (var h in p.GetProperty("headers").EnumerateObject())
            {
                Assert.DoesNotContain('\n', h.Value.GetString()!);
            }
        }
    }

    [Fact]
    public async Task A_failure_between_two_batches_is_retried_without_sending_anyone_a_second_copy()
    {
        await using var kit = await EmailKit.CreateAsync(new Dictionary<string, string?> { ["Alerts:SendGrid:MaxPersonalizationsPerRequest"] = "2" });
        var emails = Enumerable.Range(1, 5).Select(i => $"user{i}@example.org").ToList();
        foreach (var e in emails)
        {
            await kit.SubscribeAndConfirmAsync(e);
        }

        var confirmations = kit.Accepted.Count;
        var change = await kit.RecordAsync();
        var alertRequests = 0;
        kit.Answer = (_, json, ctx) =>
        {
            if (json.GetProperty("custom_args").GetProperty("kind").GetString() != "alert" || ++alertRequests != 2)
            {
                return Task.FromResult(false);
            }

            ctx.Response.StatusCode = 500;
            return Task.FromResult(true);
        };

        await kit.DispatchAsync(change);
        var firstRun = await kit.DrainAsync();

        Assert.Equal(3, firstRun.Count);
        var batch2 = await kit.Get<EmailDeliveryStore>().GetBatchAsync(change.Id, 2);
        Assert.Equal(EmailBatchState.Queued, batch2!.State);
        Assert.Equal(2, kit.Accepted.Skip(confirmations).Count());

        // Rerun everything: the dispatch again, the requeued batch 2 and a duplicate of every batch message.
        await kit.DispatchAsync(change);
        foreach (var m in firstRun)
        {
            await kit.Get<Alerts.Core.Delivery.DispatchService>().DeliverAsync(m with { Attempt = 2 });
        }

        await kit.DrainAsync();

        var received = kit.Accepted.Skip(confirmations).SelectMany(m => m.Recipients).ToList();
        Assert.Equal(emails.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
        Assert.Equal(4, alertRequests);
        Assert.Equal(5, (await kit.Get<EmailDeliveryStore>().StatisticsAsync(change.Id))["sent"]);
    }

    [Fact]
    public async Task A_429_waits_as_long_as_Retry_After_says_and_then_sends()
    {
        await using var kit = await EmailKit.CreateAsync();
        await kit.SubscribeAndConfirmAsync("ana@example.org");
        var confirmations = kit.Accepted.Count;
        var change = await kit.RecordAsync();
        kit.Answer = (_, json, ctx) =>
        {
            if (json.GetProperty("custom_args").GetProperty("kind").GetString() != "alert" || kit.Mails.Count > confirmations)
            {
                return Task.FromResult(false);
            }

            ctx.Response.StatusCode = 429;
            ctx.Response.Headers.RetryAfter = "7";
            return Task.FromResult(true);
        };

        await kit.DispatchAsync(change);
        var handled = await kit.DrainAsync();

        var batch = await kit.Get<AlertsStorage>().Table(StorageNames.Deliveries).GetEntityAsync<TableEntity>(TableKeys.Encode(change.Id), EmailDeliveryStore.BatchRow(1));
        Assert.Equal("queued", batch.Value.GetString("State"));
        Assert.Equal(kit.Clock.GetUtcNow().AddSeconds(7), batch.Value.GetDateTimeOffset("NextAttemptAt"));
        var queue = kit.Get<AlertsStorage>().Queue(StorageNames.DeliverQueue);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount); // requeued, invisible for 7 s
        Assert.Empty(kit.Accepted.Skip(confirmations));
        Assert.Equal("pending", (await kit.Get<EmailDeliveryStore>().StatisticsAsync(change.Id)).Keys.Single());

        await kit.Get<Alerts.Core.Delivery.DispatchService>().DeliverAsync(handled.Single());

        Assert.Equal(["ana@example.org"], kit.Accepted.Skip(confirmations).Single().Recipients);
    }

    [Fact]
    public async Task A_4xx_naming_one_recipient_is_recorded_on_that_delivery_and_the_others_are_sent()
    {
        await using var kit = await EmailKit.CreateAsync();
        foreach (var e in new[] { "ana@example.org", "bad@example.org", "ben@example.org" })
        {
            await kit.SubscribeAndConfirmAsync(e);
        }

        var confirmations = kit.Accepted.Count;
        var bad = await kit.Get<SubscriberStore>().FindByEmailAsync("bad@example.org");
        kit.Answer = async (_, json, ctx) =>
        {
            var recipients = json.GetProperty("personalizations").EnumerateArray().Select(p => p.GetProperty("to")[0].GetProperty("email").GetString()).ToList();
            var i = recipients.IndexOf("bad@example.org");
            if (i < 0)
            {
                return false;
            }

            ctx.Response.StatusCode = 400;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(JsonSerializer.Serialize(new { errors = new[] { new { message = "Does not contain a valid address.", field = $"personalizations.{i}.to.0.email" } } }));
            return true;
        };
        var change = await kit.RecordAsync();

        await kit.DispatchAsync(change);
        await kit.DrainAsync();

        Assert.Equal(["ana@example.org", "ben@example.org"], kit.Accepted.Skip(confirmations).Single().Recipients.Order(StringComparer.Ordinal));
        var row = (await kit.Get<AlertsStorage>().Table(StorageNames.Deliveries).GetEntityAsync<TableEntity>(TableKeys.Encode(change.Id), EmailDeliveryStore.Row(bad!.Id))).Value;
        Assert.Equal("rejected", row.GetString("Status"));
        Assert.Contains("valid address", row.GetString("Error"), StringComparison.Ordinal);
        Assert.Equal(2, (await kit.Get<EmailDeliveryStore>().StatisticsAsync(change.Id))["sent"]);
    }

    [Fact]
    public async Task A_storage_failure_during_a_send_gives_the_batch_back_so_the_queue_retry_sends_it_once()
    {
        await using var kit = await EmailKit.CreateAsync();
        await kit.SubscribeAndConfirmAsync("ana@example.org");
        var confirmations = kit.Accepted.Count;
        var change = await kit.RecordAsync();
        await kit.DispatchAsync(change);
        var queue = kit.Get<AlertsStorage>().Queue(StorageNames.DeliverQueue);
        var message = Alerts.Core.Storage.QueueSender.Parse<Alerts.Core.Storage.DeliverMessage>((await queue.ReceiveMessagesAsync(1)).Value.Single().Body.ToString());
        var subscribers = kit.Get<AlertsStorage>().Table(StorageNames.Subscribers);
        var saved = new List<TableEntity>();
        await foreach (var e in subscribers.QueryAsync<TableEntity>())
        {
            saved.Add(e);
        }

        await subscribers.DeleteAsync(); // the subscribers table disappears between the claim and the send
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => kit.Get<Alerts.Core.Delivery.DispatchService>().DeliverAsync(message));

        Assert.Equal(EmailBatchState.Queued, (await kit.Get<EmailDeliveryStore>().GetBatchAsync(change.Id, 1))!.State);
        Assert.Empty(kit.Accepted.Skip(confirmations));
        await subscribers.CreateIfNotExistsAsync();
        foreach (var e in saved)
        {
            await subscribers.UpsertEntityAsync(e, TableUpdateMode.Replace);
        }

        await kit.Get<Alerts.Core.Delivery.DispatchService>().DeliverAsync(message); // the queue's immediate retry
        await kit.Get<Alerts.Core.Delivery.DispatchService>().DeliverAsync(message); // and a duplicate

        Assert.Equal(["ana@example.org"], kit.Accepted.Skip(confirmations).Single().Recipients);
    }
}
