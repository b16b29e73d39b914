namespace Alerts.Server.Demo;

/// <summary>One request the demo's webhook receiver got: whether its Standard Webhooks signature verified, and what it carried.</summary>
public sealed record DemoWebhook(
    DateTimeOffset ReceivedAt,
    string? MessageId,
    string? Timestamp,
    string? Signature,
    bool Verified,
    string Verdict,
    string? Type,
    string? ChangeId,
    string? Title,
    string Body);
