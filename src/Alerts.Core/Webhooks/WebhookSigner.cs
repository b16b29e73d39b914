namespace Alerts.Core.Webhooks;

/// <summary>Standard Webhooks signing (https://www.standardwebhooks.com): v1,base64(HMAC-SHA256(secret, id.timestamp.body)).</summary>
public static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: whsec_ + base64 of 32 random bytes.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The webhook-id of a delivery: stable for it, so every retry and redelivery carries the same one.</summary>
    public static string MessageId(string deliveryId) => "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryId)).AsSpan(0, 12));

    /// <summary>The webhook-signature header: one "v1,..." per secret, space separated, in the order given (newest first).</summary>
    public static string Sign(string messageId, long timestamp, ReadOnlySpan<byte> body, IEnumerable<string> secrets)
    {
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return string.Join(' ', secrets.Select(s => "v1," + Convert.ToBase64String(HMACSHA256.HashData(Key(s), content))));
    }

    private static byte[] Key(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
}
