using System.Buffers.Text;

namespace Alerts.Core.ChangeLog;

/// <summary>
/// Continuation tokens: "&lt;next sequence&gt;.&lt;expiry&gt;.&lt;HMAC-SHA256&gt;", bound to the query's filters, so a token
/// cannot be forged, edited, or replayed against another query. A token lives <see cref="Lifetime"/>; one whose expiry
/// lies further ahead is refused however it is signed. During a key rotation tokens signed with
/// Alerts:PreviousTokenSigningKey are accepted until Alerts:PreviousTokenSigningKeyUntil.
/// </summary>
public sealed class ContinuationTokens(IOptions<AlertsOptions> options, TimeProvider time)
{
    /// <summary>How long a token can be used to fetch the next page.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly byte[] _key = Derive(options.Value.TokenSigningKey);
    private readonly byte[]? _previousKey = options.Value.PreviousTokenSigningKey is { Length: > 0 } previous ? Derive(previous) : null;

    private static byte[] Derive(string signingKey) => SHA256.HashData(Encoding.UTF8.GetBytes("continuation:" + signingKey));

    public string Create(long nextSequence, string fingerprint)
    {
        var exp = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds();
        var payload = nextSequence.ToString(CultureInfo.InvariantCulture) + "." + exp.ToString(CultureInfo.InvariantCulture);
        return payload + "." + Base64Url.EncodeToString(Mac(_key, payload, fingerprint));
    }

    /// <summary>The sequence in a token, or null when the token is malformed, forged, expired or made for another query.</summary>
    public long? Read(string token, string fingerprint)
    {
        var parts = token.Split('.');
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var exp))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (exp < now.ToUnixTimeSeconds() || exp > (now + Lifetime + ClockSkew).ToUnixTimeSeconds())
        {
            return null;
        }

        byte[] mac;
        try
        {
            mac = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return null;
        }

        var payload = parts[0] + "." + parts[1];
        bool SignedWith(byte[] key) => CryptographicOperations.FixedTimeEquals(mac, Mac(key, payload, fingerprint));
        return SignedWith(_key) || (_previousKey is not null && options.Value.PreviousKeyAccepted(now) && SignedWith(_previousKey)) ? sequence : null;
    }

    private static byte[] Mac(byte[] key, string payload, string fingerprint) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload + "\n" + fingerprint));
}
