using Alerts.Core.Email;
using Microsoft.Extensions.Logging;

namespace Alerts.Tests.Email;

public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task Neither_the_SendGrid_key_nor_subscriber_tokens_appear_in_logs()
    {
        TestLogs? logs = null;
        await using var kit = await EmailKit.CreateAsync(configure: s => logs = TestLogs.AddTo(s));
        var s = await kit.SubscribeAndConfirmAsync("ana@example.org");
        await kit.DispatchAsync(await kit.RecordAsync());
        await kit.DrainAsync();
        var confirmToken = EmailKit.TokenFrom(kit.Accepted[0].Text, "/api/subscriptions/confirm");
        var manageToken = EmailKit.TokenFrom(EmailKit.UnsubscribeLink(kit.Accepted[^1].Personalizations[0]), "/api/subscriptions/unsubscribe");
        await kit.OneClickUnsubscribeAsync(manageToken);

        Assert.Equal(SubscriberState.Unsubscribed, (await kit.Get<SubscriberStore>().GetAsync(s.Id))!.State);
        var lines = logs!.Lines;
        Assert.NotEmpty(lines); // the capture works: our own events logged (the HttpClient loggers are off: their structured state held raw headers)
        Assert.DoesNotContain(lines, l => l.Contains(EmailKit.ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(confirmToken.Split('.')[2], StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(manageToken.Split('.')[3], StringComparison.Ordinal));
    }
}
