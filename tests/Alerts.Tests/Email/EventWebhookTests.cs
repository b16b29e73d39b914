using System.Security.Cryptography;
using Alerts.Core.Email;

namespace Alerts.Tests.Email;

public sealed class EventWebhookTests
{
    private static async Task<(EmailKit Kit, Subscriber Ana, Subscriber Ben, string ChangeId)> SentAlertAsync()
    {
        var kit = await EmailKit.CreateAsync();
        var ana = await kit.SubscribeAndConfirmAsync("ana@example.org");
        var ben = await kit.SubscribeAndConfirmAsync("ben@example.org");
        var change = await kit.RecordAsync();
        await kit.DispatchAsync(change);
        await kit.DrainAsync();
        return (kit, ana, ben, change.Id);
    }

    private static string Events(string changeId, params (string Email, string SubscriberId, string Event)[] events) => JsonSerializer.Serialize(events.Select(e => new Dictionary<string, object>
    {
        ["email"] = e.Email,
        ["timestamp"] = 1_795_000_000,
        ["event"] = e.Event,
        ["sg_event_id"] = Guid.NewGuid().ToString("N"),
        ["sg_message_id"] = "msg.1",
        ["change_id"] = changeId,
        ["subscriber_id"] = e.SubscriberId,
    }));

    private static Task<EmailStatus?> StatusAsync(EmailKit kit, string changeId, string subscriberId) =>
        kit.Get<EmailDeliveryStore>().StatusAsync(changeId, subscriberId);

    [Fact]
    public async Task Signed_events_record_delivered_opened_and_bounced_and_a_bounce_deactivates_the_subscriber()
    {
        var (kit, ana, ben, changeId) = await SentAlertAsync();
        await using var _ = kit;
        var body = Events(changeId, ("ana@example.org", ana.Id, "delivered"), ("ana@example.org", ana.Id, "open"), ("ben@example.org", ben.Id, "bounce"), ("ana@example.org", ana.Id, "delivered"));
        var (signature, timestamp) = kit.Sign(body);

        var (status, response) = await kit.PostEventsAsync(body, signature, timestamp);

        Assert.Equal(200, status);
        Assert.Equal(4, JsonDocument.Parse(response).RootElement.GetProperty("received").GetInt32());
        Assert.Equal(EmailStatus.Opened, await StatusAsync(kit, changeId, ana.Id)); // a late "delivered" does not move it back
        Assert.Equal(EmailStatus.Bounced, await StatusAsync(kit, changeId, ben.Id));
        Assert.Equal(SubscriberState.Active, (await kit.Get<SubscriberStore>().GetAsync(ana.Id))!.State);
        var benNow = await kit.Get<SubscriberStore>().GetAsync(ben.Id);
        Assert.Equal(SubscriberState.Deactivated, benNow!.State);
        Assert.Contains("bounce", benNow.StateReason, StringComparison.Ordinal);

        var before = kit.Accepted.Count;
        await kit.DispatchAsync(await kit.RecordAsync(title: "Next"));
        await kit.DrainAsync();
        Assert.Equal(["ana@example.org"], kit.Accepted.Skip(before).Single().Recipients);
    }

    [Theory]
    [InlineData("dropped")]
    [InlineData("spamreport")]
    public async Task Drops_and_spam_reports_deactivate_the_subscriber(string kind)
    {
        var (kit, ana, _, changeId) = await SentAlertAsync();
        await using var _ = kit;
        var body = Events(changeId, ("ana@example.org", ana.Id, kind));
        var (signature, timestamp) = kit.Sign(body);

        Assert.Equal(200, (await kit.PostEventsAsync(body, signature, timestamp)).Status);

        Assert.Equal(SubscriberState.Deactivated, (await kit.Get<SubscriberStore>().GetAsync(ana.Id))!.State);
        Assert.Equal(kind, (await StatusAsync(kit, changeId, ana.Id))?.ToWire());
    }

    [Fact]
    public async Task A_forged_signature_is_refused_with_401_and_changes_nothing()
    {
        var (kit, ana, _, changeId) = await SentAlertAsync();
        await using var _ = kit;
        var body = Events(changeId, ("ana@example.org", ana.Id, "bounce"));
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (forged, timestamp) = kit.Sign(body, otherKey);
        var (good, _) = kit.Sign(body);
        var tampered = body.Replace("bounce", "spamreport", StringComparison.Ordinal);

        var attempts = new[]
        {
            (body, forged, timestamp),
            (tampered, good, timestamp),
            (body, good, (long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (body, "", timestamp),
            (body, "not base64!", timestamp),
        };
        foreach (var (b, sig, ts) in attempts)
        {
            var (status, response) = await kit.PostEventsAsync(b, sig, ts);
            Assert.Equal(401, status);
            Assert.Contains("signature", response, StringComparison.Ordinal);
        }

        // A correctly signed but old request (a replay) is refused too.
        var (oldSig, oldTs) = kit.Sign(body);
        kit.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(401, (await kit.PostEventsAsync(body, oldSig, oldTs)).Status);

        Assert.Equal(SubscriberState.Active, (await kit.Get<SubscriberStore>().GetAsync(ana.Id))!.State);
        Assert.Equal(EmailStatus.Sent, await StatusAsync(kit, changeId, ana.Id));
    }
}
