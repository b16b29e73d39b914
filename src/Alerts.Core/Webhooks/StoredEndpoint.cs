namespace Alerts.Core.Webhooks;

/// <summary>An endpoint with its signing secrets, as stored.</summary>
internal sealed record StoredEndpoint(WebhookEndpoint Endpoint, string Secret, string? PreviousSecret, ETag ETag)
{
    /// <summary>Secrets that sign now: the newest first (receivers using the StandardWebhooks library only honour the first valid one).</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is { } p && Endpoint.PreviousSecretExpiresAt > now ? [Secret, p] : [Secret];
}
