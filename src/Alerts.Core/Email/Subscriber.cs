namespace Alerts.Core.Email;

/// <summary>One subscriber. Only <see cref="ConfirmHash"/> (SHA-256) of the confirmation token is stored.</summary>
public sealed record Subscriber
{
    public required string Id { get; init; }
    public string Email { get; init; } = "";
    /// <summary>pending, active, unsubscribed, deactivated or erased (as words in JSON and in the table).</summary>
    public SubscriberState State { get; init; } = SubscriberState.Pending;
    public SubscriptionPreferences Preferences { get; init; } = new();
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ConfirmedAt { get; init; }
    public string? ConfirmHash { get; init; }
    public DateTimeOffset? ConfirmExpiresAt { get; init; }
    public DateTimeOffset? LastMailAt { get; init; }
    public string? StateReason { get; init; }
    public DateTimeOffset? StateChangedAt { get; init; }
    public ETag ETag { get; init; }
}
