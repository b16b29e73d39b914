namespace Alerts.Core.Webhooks;

/// <summary>Endpoint formats.</summary>
public static class WebhookFormats
{
    public const string Standard = "standard";
    public const string Slack = "slack";
    public const string Teams = "teams";

    public static readonly string[] All = [Standard, Slack, Teams];
}
