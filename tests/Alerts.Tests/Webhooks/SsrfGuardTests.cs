using System.Net;
using Alerts.Core.Webhooks;

namespace Alerts.Tests.Webhooks;

public sealed class SsrfGuardTests
{
    /// <summary>Inside addresses in every spelling; PORT is replaced by a live local receiver's port, so a connection would be seen.</summary>
    public static TheoryData<string> InsideUrls => new()
    {
        "http://127.0.0.1:PORT/hook",
        "http://127.0.0.2:PORT/hook",
        "http://localhost:PORT/hook",
        "http://LOCALHOST.:PORT/hook",
        "http://2130706433:PORT/hook",
        "http://0177.0.0.1:PORT/hook",
        "http://0x7f000001:PORT/hook",
        "http://0x7f.0.0.1:PORT/hook",
        "http://127.1:PORT/hook",
        "http://017700000001:PORT/hook",
        "http://[::1]:PORT/hook",
        "http://[::ffff:127.0.0.1]:PORT/hook",
        "http://[::ffff:7f00:1]:PORT/hook",
        "http://[::127.0.0.1]:PORT/hook",
        "http://[64:ff9b::7f00:1]:PORT/hook",
        "http://[2002:7f00:1::]:PORT/hook",
        "http://10.0.0.1/hook",
        "http://012.0.0.1/hook",
        "http://172.16.5.4/hook",
        "http://172.31.255.255/hook",
        "http://192.168.1.1/hook",
        "http://3232235777/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://0xa9fea9fe/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://169.254.10.20/hook",
        "http://100.64.0.1/hook",
        "http://100.127.255.254/hook",
        "http://0.0.0.0:PORT/hook",
        "http://0/hook",
        "http://255.255.255.255/hook",
        "http://224.0.0.1/hook",
        "http://239.255.255.250/hook",
        "http://[::]:PORT/hook",
        "http://[fc00::1]/hook",
        "http://[fd12:3456:789a::1]/hook",
        "http://[fe80::1]/hook",
        "http://[ff02::1]/hook",
        "https://127.0.0.1:PORT/hook",
    };

    [Theory]
    [MemberData(nameof(InsideUrls))]
    public async Task Registration_refuses_every_inside_address_form_without_connecting_or_resolving(string template)
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{}"));
        await using var kit = await Kit.CreateAsync(allowedNetworks: null);
        var url = template.Replace("PORT", receiver.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var r = await kit.Api.CallAsync("CreateWebhook", kit.Keys.TeamA, new { url });

        Assert.Equal(400, r.Status);
        Assert.Contains("webhook-url-refused", r.Body, StringComparison.Ordinal);
        Assert.Matches("points at|loopback name", r.Json.GetProperty("detail").GetString()!);
        Assert.Empty(receiver.Requests);
        Assert.Empty(kit.Resolver.Lookups);
        Assert.Empty((await kit.Api.CallAsync("ListWebhooks", kit.Keys.TeamA)).Json.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.0.10")]
    [InlineData("169.254.169.254")]
    [InlineData("::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("fd00::5")]
    public async Task A_name_that_resolves_inside_is_refused_after_one_lookup(string address)
    {
        await using var kit = await Kit.CreateAsync(allowedNetworks: null);
        kit.Resolver.Answers["hooks.partner.example"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse(address)];

        var r = await kit.Api.CallAsync("CreateWebhook", kit.Keys.TeamA, new { url = "https://hooks.partner.example/in" });

        Assert.Equal(400, r.Status);
        Assert.Contains("resolves to", r.Body, StringComparison.Ordinal);
        Assert.Equal(["hooks.partner.example"], kit.Resolver.Lookups);
        Assert.Empty((await kit.Api.CallAsync("ListWebhooks", kit.Keys.TeamA)).Json.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_is_refused()
    {
        await using var kit = await Kit.CreateAsync(allowedNetworks: null);

        var r = await kit.Api.CallAsync("CreateWebhook", kit.Keys.TeamA, new { url = "https://nowhere.example/in" });

        Assert.Equal(400, r.Status);
        Assert.Contains("does not resolve", r.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_resolving_to_public_addresses_is_accepted_without_any_connection()
    {
        await using var kit = await Kit.CreateAsync(allowedNetworks: null, allowHttp: false);
        kit.Resolver.Answers["hooks.partner.example"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("2606:2800:220:1:248:1893:25c8:1946")];

        var r = await kit.Api.CallAsync("CreateWebhook", kit.Keys.TeamA, new { url = "https://hooks.partner.example/in" });

        Assert.Equal(201, r.Status);
        Assert.Equal(["hooks.partner.example"], kit.Resolver.Lookups);
    }

    [Fact]
    public async Task Http_is_refused_unless_configured()
    {
        await using var kit = await Kit.CreateAsync(allowedNetworks: null, allowHttp: false);
        kit.Resolver.Answers["hooks.partner.example"] = [IPAddress.Parse("93.184.216.34")];

        var r = await kit.Api.CallAsync("CreateWebhook", kit.Keys.TeamA, new { url = "http://hooks.partner.example/in" });

        Assert.Equal(400, r.Status);
        Assert.Contains("must use https", r.Body, StringComparison.Ordinal);
        Assert.Empty(kit.Resolver.Lookups);
    }

    [Theory]
    [InlineData("2130706433", "127.0.0.1")]
    [InlineData("0177.0.0.1", "127.0.0.1")]
    [InlineData("0x7f000001", "127.0.0.1")]
    [InlineData("0x7F.1", "127.0.0.1")]
    [InlineData("127.1", "127.0.0.1")]
    [InlineData("10.1", "10.0.0.1")]
    [InlineData("192.168.257", "192.168.1.1")]
    [InlineData("8.8.8.8", "8.8.8.8")]
    public void Odd_IPv4_spellings_are_read_as_the_address_they_mean(string host, string expected)
    {
        Assert.True(SsrfGuard.TryParseLiteral(host, out var a));
        Assert.Equal(IPAddress.Parse(expected), a);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("0x1ffffffff")]
    [InlineData("08.0.0.1")]
    public void Names_and_impossible_numbers_are_not_literals(string host) =>
        Assert.False(SsrfGuard.TryParseLiteral(host, out _));

    [Fact]
    public void Allowed_networks_permit_only_the_named_range_and_never_the_metadata_address()
    {
        var guard = new SsrfGuard(new TestResolver(), Options.Create(new WebhookOptions { AllowedNetworks = "127.0.0.1/32, 169.254.0.0/16" }));

        Assert.Null(guard.Refusal(IPAddress.Parse("127.0.0.1")));
        Assert.Null(guard.Refusal(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.NotNull(guard.Refusal(IPAddress.Parse("127.0.0.2")));
        Assert.NotNull(guard.Refusal(IPAddress.Parse("::1")));
        Assert.Equal("the cloud metadata address", guard.Refusal(IPAddress.Parse("169.254.169.254")));
        Assert.Null(guard.Refusal(IPAddress.Parse("169.254.1.1")));
        Assert.Null(guard.Refusal(IPAddress.Parse("93.184.216.34")));
    }

    [Fact]
    public void A_wrong_allowed_network_is_a_validation_error_naming_the_setting()
    {
        var errors = new WebhookOptions { AllowedNetworks = "127.0.0.1/32,10.0.0.0/99" }.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new object())).ToList();

        Assert.Single(errors);
        Assert.Contains("Alerts:Webhooks:AllowedNetworks", errors[0].ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_rebound_to_an_inside_address_after_registration_is_refused_at_delivery_without_a_packet()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{}"));
        await using var kit = await Kit.CreateAsync();
        kit.Resolver.Answers["hooks.partner.example"] = [IPAddress.Loopback];
        var (id, _) = await kit.RegisterAsync($"http://hooks.partner.example:{receiver.BaseUri.Port}/in");
        var first = await kit.ChangeAsync();
        await kit.DispatchAsync(first);
        await kit.DrainDeliverQueueAsync();
        Assert.Single(receiver.Requests);

        kit.Clock.Advance(TimeSpan.FromMinutes(1));
        kit.Resolver.Answers["hooks.partner.example"] = [IPAddress.Parse("10.0.0.7")];
        var second = await kit.ChangeAsync();
        await kit.DispatchAsync(second);
        await kit.DrainDeliverQueueAsync();

        Assert.Single(receiver.Requests);
        var log = (await kit.Api.CallAsync("ListWebhookDeliveries", kit.Keys.TeamA, id: id)).Json.GetProperty("items");
        var latest = log[0];
        Assert.Equal(second.Id, latest.GetProperty("changeId").GetString());
        Assert.False(latest.GetProperty("success").GetBoolean());
        Assert.Contains("10.0.0.7", latest.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
