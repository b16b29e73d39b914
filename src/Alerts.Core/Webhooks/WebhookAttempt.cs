namespace Alerts.Core.Webhooks;

/// <summary>One attempt to send a delivery (or a test ping) to an endpoint, as the delivery log shows it.</summary>
public sealed record WebhookAttempt(
    string DeliveryId,
    string? ChangeId,
    int Attempt,
    string WebhookId,
    DateTimeOffset At,
    bool Success,
    int? StatusCode,
    long DurationMs,
    string? Error,
    string? ResponseExcerpt,
    string Outcome);
