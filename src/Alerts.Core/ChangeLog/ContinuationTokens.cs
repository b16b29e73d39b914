using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Alerts.Core.Api;
using Microsoft.Extensions.Options;

namespace Alerts.Core.ChangeLog;

/// <summary>
/// Continuation tokens: the next sequence, bound to the query's filters and signed with HMAC-SHA256, so a token cannot be
/// forged, edited, or replayed against another query.
/// </summary>
public sealed class ContinuationTokens(IOptions<AlertsOptions> options)
{
    private readonly byte[] _key = SHA256.HashData(Encoding.UTF8.GetBytes("continuation:" + options.Value.TokenSigningKey));

    public string Create(long nextSequence, string fingerprint)
    {
        var payload = nextSequence.ToString(CultureInfo.InvariantCulture);
        return payload + "." + Base64Url.EncodeToString(Mac(payload, fingerprint));
    }

    /// <summary>The sequence in a token, or null when the token is malformed, forged or made for another query.</summary>
    public long? Read(string token, string fingerprint)
    {
        var parts = token.Split('.');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return null;
        }

        byte[] mac;
        try
        {
            mac = Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(mac, Mac(parts[0], fingerprint)) ? sequence : null;
    }

    private byte[] Mac(string payload, string fingerprint) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(payload + "\n" + fingerprint));
}
