namespace Alerts.Core.Delivery;

/// <summary>The states of a <see cref="DeliveryRecord"/>, stored and sent as their words (pending, delivered, dead).</summary>
[JsonConverter(typeof(WireEnumConverter<DeliveryStatus>))]
public enum DeliveryStatus
{
    /// <summary>Waiting for its next attempt (or for its first).</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>The target took it.</summary>
    [JsonStringEnumMemberName("delivered")]
    Delivered,

    /// <summary>Given up: schedule exhausted, endpoint gone (410), target deleted or disabled.</summary>
    [JsonStringEnumMemberName("dead")]
    Dead,
}
