using Alerts.Core.Email;
using Alerts.Server.Cli;
using Microsoft.Extensions.Configuration;

namespace Alerts.Tests.Email;

public sealed class OperatorTests
{
    private static Action<IServiceCollection> SameStorage(EmailKit kit) => services =>
    {
        services.Configure<AlertsOptions>(kit.Services.SameStorage);
    };

    [Fact]
    public async Task The_subscribers_command_counts_by_state_and_deliveries_shows_a_changes_statistics()
    {
        await using var kit = await EmailKit.CreateAsync();
        await kit.SubscribeAndConfirmAsync("ana@example.org");
        await kit.SubscribeAndConfirmAsync("ben@example.org");
        await kit.SubscribeAsync(new { email = "pending@example.org" });
        var change = await kit.RecordAsync();
        await kit.DispatchAsync(change);
        await kit.DrainAsync();

        using var subscribersOut = new StringWriter();
        using var errors = new StringWriter();
        var code = await AlertsCli.RunAsync(["subscribers"], subscribersOut, errors, SameStorage(kit));
        Assert.True(code == AlertsCli.Ok, errors.ToString());
        var lines = subscribersOut.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("2", lines["active"]);
        Assert.Equal("1", lines["pending"]);
        Assert.Equal("3", lines["total"]);

        using var deliveriesOut = new StringWriter();
        code = await AlertsCli.RunAsync(["deliveries", "--change", change.Id, "--json"], deliveriesOut, errors, SameStorage(kit));
        Assert.True(code == AlertsCli.Ok, errors.ToString());
        Assert.Contains("\"sent\":2", deliveriesOut.ToString(), StringComparison.Ordinal);

        code = await AlertsCli.RunAsync(["deliveries", "--change", "chg_nope"], new StringWriter(), errors, SameStorage(kit));
        Assert.Equal(AlertsCli.Failed, code);
    }

    [Fact]
    public void Enabling_email_without_a_valid_sender_stops_start_up_naming_the_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Alerts:SendGrid:Enabled"] = "true",
            ["Alerts:SendGrid:ApiKey"] = "SG.x",
            ["Alerts:SendGrid:From"] = "not an address",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddAlertsCore(configuration).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SendGridOptions>>().Value);

        Assert.Contains("Alerts:SendGrid:From", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SG.x", ex.Message, StringComparison.Ordinal);
    }
}
