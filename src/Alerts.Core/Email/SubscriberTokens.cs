namespace Alerts.Core.Email;

/// <summary>
/// Tokens in subscriber links. Confirmation: "c.&lt;id&gt;.&lt;256 random bits&gt;", only its SHA-256 stored, expiring.
/// Unsubscribe and preferences: "m.&lt;id&gt;.&lt;expiry&gt;.&lt;HMAC-SHA256&gt;" under a key derived from Alerts:TokenSigningKey,
/// so that every e-mail can carry a fresh, expiring link for each of 1,000 recipients without a write per recipient;
/// nothing of it is stored, and it stops working when it expires or the subscriber is erased. A token whose expiry lies
/// further ahead than a link can live (Alerts:SendGrid:ManageLinkDays) is refused however it is signed, and during a key
/// rotation tokens of Alerts:PreviousTokenSigningKey are accepted until Alerts:PreviousTokenSigningKeyUntil.
/// </summary>
public sealed class SubscriberTokens(IOptions<AlertsOptions> options, IOptions<SendGridOptions> email, TimeProvider time)
{
    /// <summary>Clock difference between instances tolerated when a token is read.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly byte[] _key = Derive(options.Value.TokenSigningKey);
    private readonly byte[]? _previousKey = options.Value.PreviousTokenSigningKey is { Length: > 0 } previous ? Derive(previous) : null;

    /// <summary>The longest a manage link lives: Alerts:SendGrid:ManageLinkDays.</summary>
    public TimeSpan MaxLifetime => TimeSpan.FromDays(email.Value.ManageLinkDays);

    private static byte[] Derive(string signingKey) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), "subscriber-links/v1"u8);

    public (string Token, string Hash) NewConfirmation(string subscriberId)
    {
        var token = "c." + subscriberId + "." + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The subscriber id a confirmation token names (its hash is then compared with the stored one).</summary>
    public static string? ConfirmationSubscriber(string? token)
    {
        var parts = (token ?? "").Split('.');
        return parts.Length == 3 && parts[0] == "c" && parts[1].StartsWith("sub_", StringComparison.Ordinal) && parts[1].Length <= 64 ? parts[1] : null;
    }

    public static bool HashMatches(string token, string? storedHash) =>
        storedHash is { Length: 64 } && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(storedHash));

    /// <summary>A manage token valid for <paramref name="validFor"/>, at most <see cref="MaxLifetime"/>.</summary>
    public string Manage(string subscriberId, TimeSpan validFor)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(validFor, MaxLifetime);
        var exp = (time.GetUtcNow() + validFor).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return "m." + subscriberId + "." + exp + "." + Mac(_key, subscriberId, exp);
    }

    /// <summary>The subscriber id of a valid, unexpired manage token; null otherwise.</summary>
    public string? ReadManage(string? token)
    {
        var parts = (token ?? "").Split('.');
        if (parts.Length != 4 || parts[0] != "m" || !parts[1].StartsWith("sub_", StringComparison.Ordinal) || parts[1].Length > 64
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var exp))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (exp < now.ToUnixTimeSeconds() || exp > (now + MaxLifetime + ClockSkew).ToUnixTimeSeconds())
        {
            return null;
        }

        var mac = Encoding.ASCII.GetBytes(parts[3]);
        bool SignedWith(byte[] key) => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(key, parts[1], parts[2])), mac);
        return SignedWith(_key) || (_previousKey is not null && options.Value.PreviousKeyAccepted(now) && SignedWith(_previousKey)) ? parts[1] : null;
    }

    private static string Mac(byte[] key, string subscriberId, string exp) =>
        Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("manage\n" + subscriberId + "\n" + exp)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
