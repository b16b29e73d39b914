using System.Net;
using Alerts.Core.Webhooks;

namespace Alerts.Tests.Faults;

/// <summary>The guard's decision on the Azure platform address, NAT64, IPv4-mapped, IPv4-translated and 6to4 forms (nothing is connected to).</summary>
public sealed class SsrfGuardPrefixTests
{
    private static readonly SsrfGuard Guard = new(new TestResolver(), Options.Create(new WebhookOptions()));

    [Theory]
    [InlineData("168.63.129.16", "Azure platform")]
    [InlineData("::ffff:168.63.129.16", "Azure platform")]
    [InlineData("64:ff9b::5db8:d822", "NAT64")] // 64:ff9b::93.184.216.34, a public address behind a translator
    [InlineData("64:ff9b::a00:1", "NAT64")]
    [InlineData("64:ff9b:1::5db8:d822", "NAT64")]
    [InlineData("64:ff9b:1:ffff::1", "NAT64")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("::ffff:192.168.1.1", "private")]
    [InlineData("::ffff:0:10.0.0.1", "private")] // IPv4-translated
    [InlineData("::ffff:0:7f00:1", "loopback")]
    [InlineData("::ffff:0:a9fe:a9fe", "metadata")]
    [InlineData("2002:0a00:0001::1", "private")] // 6to4 of 10.0.0.1
    [InlineData("2002:c0a8:0101::", "private")] // 6to4 of 192.168.1.1
    [InlineData("2002:a83f:8110::1", "Azure platform")] // 6to4 of 168.63.129.16
    [InlineData("192.88.99.1", "6to4 relay")]
    public void Inside_and_platform_addresses_in_every_IPv6_form_are_refused(string address, string why)
    {
        var refusal = Guard.Refusal(IPAddress.Parse(address));

        Assert.NotNull(refusal);
        Assert.Contains(why, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("::ffff:0:5db8:d822")]
    [InlineData("2002:5db8:d822::1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("168.63.129.17")]
    public void Public_addresses_in_the_same_forms_are_allowed(string address) =>
        Assert.Null(Guard.Refusal(IPAddress.Parse(address)));

    [Fact]
    public async Task A_name_resolving_to_the_Azure_platform_or_NAT64_is_refused_after_one_lookup()
    {
        var resolver = new TestResolver();
        resolver.Answers["hooks.partner.example"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("168.63.129.16")];
        resolver.Answers["nat.partner.example"] = [IPAddress.Parse("64:ff9b::5db8:d822")];
        var guard = new SsrfGuard(resolver, Options.Create(new WebhookOptions()));

        var azure = await guard.CheckUrlAsync("https://hooks.partner.example/in");
        var nat = await guard.CheckUrlAsync("https://nat.partner.example/in");

        Assert.False(azure.Allowed);
        Assert.Contains("168.63.129.16", azure.Reason, StringComparison.Ordinal);
        Assert.False(nat.Allowed);
        Assert.Contains("NAT64", nat.Reason, StringComparison.Ordinal);
    }
}
