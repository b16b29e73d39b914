namespace Alerts.Core.Webhooks;

/// <summary>A team's webhook endpoint as the API shows it (never with its secrets).</summary>
public sealed record WebhookEndpoint
{
    public required string Id { get; init; }
    public required string TeamId { get; init; }
    public required string Url { get; init; }
    public string Format { get; init; } = WebhookFormats.Standard;
    public TeamFilters Filters { get; init; } = new();
    public string? Description { get; init; }
    /// <summary>Where the team is told by e-mail when the endpoint is disabled (optional).</summary>
    public string? ContactEmail { get; init; }
    public bool Enabled { get; init; } = true;
    public string? DisabledReason { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? SecretRotatedAt { get; init; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; init; }
}
