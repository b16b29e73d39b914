using Alerts.Core.Email;

namespace Alerts.Tests.Email;

public sealed class DigestTests
{
    [Fact]
    public async Task Digests_go_out_at_each_subscribers_local_hour_with_every_change_exactly_once_and_never_empty()
    {
        // 2026-11-28 09:00Z: Berlin 10:00, New York 04:00.
        await using var kit = await EmailKit.CreateAsync(start: new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        await kit.SubscribeAndConfirmAsync("berlin@example.org", new { mode = "digest", digest = "daily", hour = 8, timeZone = "Europe/Berlin" });
        await kit.SubscribeAndConfirmAsync("newyork@example.org", new { mode = "digest", digest = "daily", hour = 8, timeZone = "America/New_York" });
        await kit.SubscribeAndConfirmAsync("nothing@example.org", new { mode = "digest", digest = "daily", hour = 8, timeZone = "Europe/Berlin", jurisdictions = new[] { "EU" } });
        var confirmations = kit.Accepted.Count;
        var digests = kit.Get<DigestService>();
        var low = await kit.RecordAsync(title: "Low item", severity: Severity.Low);
        var critical = await kit.RecordAsync(title: "Critical item", severity: Severity.Critical, story: "s1");
        var followUp = await kit.RecordAsync(title: "Critical item corrected", severity: Severity.Medium, story: "s1");
        await kit.DispatchAsync(low); // immediate dispatch does not touch digest subscribers
        await kit.DrainAsync();

        async Task<List<SentMail>> RunAt(int day, int hour)
        {
            kit.Clock.SetUtcNow(new DateTimeOffset(2026, 11, day, hour, 0, 0, TimeSpan.Zero));
            var before = kit.Accepted.Count;
            await digests.RunAsync();
            await kit.DrainAsync();
            return [.. kit.Accepted.Skip(before)];
        }

        Assert.Empty(await RunAt(28, 12)); // New York 07:00, Berlin 13:00: nobody's hour
        var ny = Assert.Single(await RunAt(28, 13)); // New York 08:00
        Assert.Equal(["newyork@example.org"], ny.Recipients);
        Assert.Empty(await RunAt(28, 13)); // a rerun of the same hour makes no second digest
        Assert.Empty(await RunAt(28, 14));

        var late = await kit.RecordAsync(title: "Late item", severity: Severity.High);
        var berlin = Assert.Single(await RunAt(29, 7)); // Berlin 08:00
        Assert.Equal(["berlin@example.org"], berlin.Recipients);
        var nyAgain = Assert.Single(await RunAt(29, 13));
        Assert.Equal(["newyork@example.org"], nyAgain.Recipients);
        Assert.Empty(await RunAt(30, 13)); // no new change: no empty digest

        // Berlin got all four; New York the first three, then only the late one.
        foreach (var c in new[] { low, critical, followUp, late })
        {
            Assert.Contains(c.Id, berlin.Text, StringComparison.Ordinal);
        }

        Assert.Contains(low.Id, ny.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(late.Id, ny.Text, StringComparison.Ordinal);
        Assert.Contains(late.Id, nyAgain.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(low.Id, nyAgain.Text, StringComparison.Ordinal);
        Assert.Equal(confirmations + 3, kit.Accepted.Count);
        Assert.DoesNotContain(kit.Accepted, m => m.Recipients.Contains("nothing@example.org") && m.Subject.Contains("digest", StringComparison.OrdinalIgnoreCase));

        // Grouped by story, most severe first: the critical story (with its follow-up) before the high, then the low item.
        var text = berlin.Text;
        Assert.True(text.IndexOf("Critical item corrected", StringComparison.Ordinal) < text.IndexOf("Late item", StringComparison.Ordinal));
        Assert.True(text.IndexOf("Late item", StringComparison.Ordinal) < text.IndexOf("Low item", StringComparison.Ordinal));
        Assert.Equal("List-Unsubscribe=One-Click", berlin.Personalizations.Single().GetProperty("headers").GetProperty("List-Unsubscribe-Post").GetString());
    }

    [Fact]
    public async Task A_weekly_digest_waits_for_its_day_and_a_crash_before_the_send_resumes_without_a_second_copy()
    {
        // Saturday 2026-11-28.
        await using var kit = await EmailKit.CreateAsync(start: new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        await kit.SubscribeAndConfirmAsync("weekly@example.org", new { mode = "digest", digest = "weekly", day = "monday", hour = 9, timeZone = "Asia/Tokyo" });
        var confirmations = kit.Accepted.Count;
        await kit.RecordAsync(title: "Weekly item");
        var digests = kit.Get<DigestService>();

        kit.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero)); // Sunday 09:00 Tokyo
        Assert.Equal(0, await digests.RunAsync());
        kit.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero)); // Monday 09:00 Tokyo
        Assert.Equal(1, await digests.RunAsync());

        // The worker "crashes" before sending: the message is lost. The job's rerun makes no new digest...
        var queue = kit.Get<Alerts.Core.Storage.AlertsStorage>().Queue(Alerts.Core.Storage.StorageNames.DeliverQueue);
        await queue.ClearMessagesAsync();
        Assert.Equal(0, await digests.RunAsync());
        Assert.Empty(kit.Accepted.Skip(confirmations));

        // ...and a later run re-enqueues the recorded one, which is sent once even if enqueued twice.
        kit.Clock.Advance(TimeSpan.FromMinutes(15));
        await digests.RunAsync();
        kit.Clock.Advance(TimeSpan.FromMinutes(15));
        await digests.RunAsync();
        await kit.DrainAsync();

        var mail = Assert.Single(kit.Accepted.Skip(confirmations));
        Assert.Contains("Weekly item", mail.Text, StringComparison.Ordinal);
        Assert.StartsWith("Export-policy digest w2026-11-30", mail.Subject, StringComparison.Ordinal);
    }
}
