namespace Alerts.Core.Webhooks;

/// <summary>The JSON body of POST and PUT /api/webhooks (read field by field with the limits of <see cref="WebhooksApi"/>).</summary>
public sealed record WebhookRequest(
    string Url,
    string? Format,
    string? Description,
    string? ContactEmail,
    IReadOnlyList<string>? Topics,
    IReadOnlyList<string>? Jurisdictions,
    string? MinSeverity,
    IReadOnlyList<string>? Sources,
    IReadOnlyList<string>? Keywords,
    bool? Enabled);
