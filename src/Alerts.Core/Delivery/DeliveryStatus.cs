namespace Alerts.Core.Delivery;

/// <summary>Delivery states.</summary>
public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    /// <summary>Given up: schedule exhausted, endpoint gone (410), target deleted or disabled.</summary>
    public const string Dead = "dead";
}
