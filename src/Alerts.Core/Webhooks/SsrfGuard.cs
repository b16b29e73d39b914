using System.Net.Sockets;

namespace Alerts.Core.Webhooks;

/// <summary>
/// Keeps webhooks from pointing inside: only https (unless AllowHttp); every address the host resolves to must be public
/// (no loopback, private, link-local, CGNAT, multicast, unspecified, broadcast, metadata, the Azure platform address
/// 168.63.129.16, unique-local, NAT64 (64:ff9b::/96, 64:ff9b:1::/48), 6to4 relays, and no private IPv4 hidden in IPv6
/// (mapped, translated, compatible, 6to4) or spelled in decimal, octal, hex or short form). Checked at registration and again when connecting:
/// <see cref="ConnectAsync"/> resolves, checks and connects to the checked address, so DNS rebinding gains nothing.
/// </summary>
public sealed class SsrfGuard(IHostResolver resolver, IOptions<WebhookOptions> options)
{
    private static readonly IPAddress[] Metadata = [IPAddress.Parse("169.254.169.254"), IPAddress.Parse("fd00:ec2::254")];

    /// <summary>Azure's platform address (wire server: DNS, DHCP, health probes, the VM agent), reachable from every Azure host.</summary>
    private static readonly IPAddress AzurePlatform = IPAddress.Parse("168.63.129.16");

    /// <summary>NAT64 prefixes: an address in them reaches an IPv4 host through a translator, whichever host that is.</summary>
    private static readonly IPNetwork[] Nat64 = [IPNetwork.Parse("64:ff9b::/96"), IPNetwork.Parse("64:ff9b:1::/48")];

    private static readonly (IPNetwork Net, string Why)[] RefusedV4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified (\"this network\") address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address (10.0.0.0/8)"),
        (IPNetwork.Parse("100.64.0.0/10"), "a carrier-grade NAT address (100.64.0.0/10)"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address (169.254.0.0/16)"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address (172.16.0.0/12)"),
        (IPNetwork.Parse("192.0.0.0/24"), "an IETF protocol assignment (192.0.0.0/24)"),
        (IPNetwork.Parse("192.88.99.0/24"), "a 6to4 relay anycast address (192.88.99.0/24)"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address (192.168.0.0/16)"),
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking address (198.18.0.0/15)"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved or broadcast address"),
    ];

    private static readonly (IPNetwork Net, string Why)[] RefusedV6 =
    [
        (IPNetwork.Parse("fc00::/7"), "an IPv6 unique-local address (fc00::/7)"),
        (IPNetwork.Parse("fe80::/10"), "an IPv6 link-local address (fe80::/10)"),
        (IPNetwork.Parse("fec0::/10"), "an IPv6 site-local address (fec0::/10)"),
        (IPNetwork.Parse("ff00::/8"), "an IPv6 multicast address"),
        (IPNetwork.Parse("2001::/32"), "a Teredo address (2001::/32), which hides an IPv4 address"),
        (IPNetwork.Parse("2001:db8::/32"), "an IPv6 documentation address"),
        (IPNetwork.Parse("100::/64"), "an IPv6 discard address"),
    ];

    private readonly IReadOnlyList<IPNetwork> _allowed = options.Value.ParsedAllowedNetworks();

    /// <summary>Checks an endpoint URL: form, scheme, then every address of its host. Nothing is connected to.</summary>
    public async Task<GuardDecision> CheckUrlAsync(string? url, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2048)
        {
            return GuardDecision.Refuse("url is required: an absolute https URL of at most 2048 characters.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return GuardDecision.Refuse($"url '{url}' is not an absolute URL.");
        }

        var httpAllowed = options.Value.AllowHttp;
        if (uri.Scheme != Uri.UriSchemeHttps && !(httpAllowed && uri.Scheme == Uri.UriSchemeHttp))
        {
            return GuardDecision.Refuse(httpAllowed
                ? $"url must use http or https (got '{uri.Scheme}')."
                : $"url must use https (got '{uri.Scheme}').");
        }

        if (uri.UserInfo.Length > 0)
        {
            return GuardDecision.Refuse("url must not contain a user name or password; authenticate receivers with the signature.");
        }

        if (uri.Fragment.Length > 0)
        {
            return GuardDecision.Refuse("url must not contain a fragment (#...).");
        }

        // The raw host as written (System.Uri may or may not have canonicalised odd IPv4 spellings already).
        return await CheckHostAsync(RawHost(url) ?? uri.Host, cancellationToken);
    }

    /// <summary>Checks a host: a literal address directly (no DNS), a name through the resolver (every address must pass).</summary>
    public async Task<GuardDecision> CheckHostAsync(string host, CancellationToken cancellationToken = default)
    {
        var h = host.Trim().TrimEnd('.');
        if (h.StartsWith('[') && h.EndsWith(']'))
        {
            h = h[1..^1];
        }

        if (h.Length == 0)
        {
            return GuardDecision.Refuse("url has no host.");
        }

        if (TryParseLiteral(h, out var literal))
        {
            return Refusal(literal) is { } why
                ? GuardDecision.Refuse($"url points at {literal}, {why}.")
                : new GuardDecision(true, null, [literal]);
        }

        if (h.Equals("localhost", StringComparison.OrdinalIgnoreCase) || h.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return GuardDecision.Refuse($"url points at '{h}', a loopback name.");
        }

        IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(h, cancellationToken);
        }
        catch (SocketException ex)
        {
            return GuardDecision.Refuse($"the host '{h}' does not resolve ({ex.SocketErrorCode}).");
        }

        if (addresses.Length == 0)
        {
            return GuardDecision.Refuse($"the host '{h}' does not resolve to any address.");
        }

        foreach (var a in addresses)
        {
            if (Refusal(a) is { } why)
            {
                return GuardDecision.Refuse($"the host '{h}' resolves to {a}, {why}.");
            }
        }

        return new GuardDecision(true, null, addresses);
    }

    /// <summary>Null when the address may be connected to; otherwise why not.</summary>
    public string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var a = Unwrap(address, out var wrapped);
        if (Metadata.Any(m => m.Equals(a)) || Metadata.Any(m => m.Equals(address)))
        {
            return "the cloud metadata address";
        }

        if (AzurePlatform.Equals(a))
        {
            return wrapped ? $"the Azure platform address 168.63.129.16 (embedded in the IPv6 address {address})" : "the Azure platform address (168.63.129.16)";
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && !_allowed.Any(n => n.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 && n.Contains(address)))
        {
            foreach (var nat64 in Nat64)
            {
                if (nat64.Contains(address))
                {
                    return $"a NAT64 address ({nat64}), which reaches an IPv4 host through a translator";
                }
            }
        }

        if (_allowed.Any(n => n.BaseAddress.AddressFamily == a.AddressFamily && n.Contains(a)))
        {
            return null;
        }

        string? why = null;
        if (a.AddressFamily == AddressFamily.InterNetwork)
        {
            if (a.Equals(IPAddress.Broadcast))
            {
                why = "the broadcast address";
            }
            else
            {
                why = RefusedV4.FirstOrDefault(r => r.Net.Contains(a)).Why;
            }
        }
        else if (a.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (a.Equals(IPAddress.IPv6Loopback))
            {
                why = "the IPv6 loopback address";
            }
            else if (a.Equals(IPAddress.IPv6Any))
            {
                why = "the unspecified IPv6 address";
            }
            else
            {
                why = RefusedV6.FirstOrDefault(r => r.Net.Contains(a)).Why;
            }
        }
        else
        {
            why = "not an IP address";
        }

        return why is null ? null : wrapped ? why + $" (embedded in the IPv6 address {address})" : why;
    }

    /// <summary>
    /// SocketsHttpHandler.ConnectCallback: resolves the host, checks every address, connects to a checked one. The check
    /// and the connection use the same resolution, so a name cannot answer one address to the check and another to the socket.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var decision = await CheckHostAsync(context.DnsEndPoint.Host, cancellationToken);
        if (!decision.Allowed)
        {
            throw new AddressRefusedException("Refused to connect: " + decision.Reason);
        }

        SocketException? last = null;
        foreach (var address in decision.Addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException($"Could not connect to {context.DnsEndPoint.Host}:{context.DnsEndPoint.Port}.", last);
    }

    /// <summary>
    /// IPv4 hidden in IPv6 (mapped ::ffff:a.b.c.d, translated ::ffff:0:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96,
    /// 6to4 2002::/16) comes out as IPv4.
    /// </summary>
    public static IPAddress Unwrap(IPAddress address, out bool wrapped)
    {
        wrapped = false;
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            wrapped = true;
            return address.MapToIPv4();
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        var nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..12].IndexOfAnyExcept((byte)0) < 0;
        var compatible = b[..12].IndexOfAnyExcept((byte)0) < 0 && b[12..].IndexOfAnyExcept((byte)0) >= 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 1);
        // IPv4-translated (RFC 2765, ::ffff:0:a.b.c.d in ::ffff:0:0:0/96).
        var translated = b[..8].IndexOfAnyExcept((byte)0) < 0 && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0;
        if (nat64 || compatible || translated)
        {
            wrapped = true;
            return new IPAddress(b[12..]);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            wrapped = true;
            return new IPAddress(b[2..6]);
        }

        return address;
    }

    /// <summary>
    /// Parses an address literal: IPv6, or IPv4 in any inet_aton spelling: dotted with 1 to 4 parts, each decimal, octal
    /// (leading 0) or hex (0x): 2130706433, 0177.0.0.1, 0x7f000001, 127.1 all mean 127.0.0.1.
    /// </summary>
    public static bool TryParseLiteral(string host, out IPAddress address)
    {
        address = IPAddress.None;
        if (host.Contains(':', StringComparison.Ordinal))
        {
            var pct = host.IndexOf('%', StringComparison.Ordinal);
            var ok = IPAddress.TryParse(pct >= 0 ? host[..pct] : host, out var v6);
            address = v6 ?? IPAddress.None;
            return ok && v6!.AddressFamily == AddressFamily.InterNetworkV6;
        }

        var parts = host.Split('.');
        if (parts.Length is < 1 or > 4)
        {
            return false;
        }

        var values = new ulong[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryParsePart(parts[i], out values[i]))
            {
                return false;
            }
        }

        ulong value = 0;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (values[i] > 255)
            {
                return false;
            }

            value |= values[i] << (8 * (3 - i));
        }

        var lastBits = 8 * (5 - parts.Length);
        var last = values[^1];
        if (lastBits < 64 && last >= 1UL << lastBits)
        {
            return false;
        }

        value |= last;
        if (value > uint.MaxValue)
        {
            return false;
        }

        address = new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        return true;
    }

    private static bool TryParsePart(string s, out ulong value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > 12)
        {
            return false;
        }

        if (s.Length > 2 && (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)))
        {
            return ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        if (s.Length > 1 && s[0] == '0')
        {
            foreach (var c in s)
            {
                if (c is < '0' or > '7')
                {
                    return false;
                }

                value = (value * 8) + (ulong)(c - '0');
            }

            return true;
        }

        return s.All(char.IsAsciiDigit) && ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The host exactly as written in the URL (between "//" plus user info, and the port or path).</summary>
    private static string? RawHost(string url)
    {
        var start = url.IndexOf("//", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var rest = url[(start + 2)..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        var authority = end < 0 ? rest : rest[..end];
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = authority[(at + 1)..];
        }

        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? authority[..(close + 1)] : null;
        }

        var colon = authority.LastIndexOf(':');
        return colon >= 0 ? authority[..colon] : authority;
    }
}
