namespace Alerts.Core.Access;

/// <summary>An API key as stored and listed: never the secret, never its hash.</summary>
public sealed record ApiKeyInfo(
    string Id,
    string Name,
    string Role,
    string? TeamId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string Prefix)
{
    /// <summary>active, expired or revoked at <paramref name="now"/>.</summary>
    public string StatusAt(DateTimeOffset now) => RevokedAt is not null ? "revoked" : ExpiresAt is { } e && e <= now ? "expired" : "active";
}
