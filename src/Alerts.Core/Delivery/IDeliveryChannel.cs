namespace Alerts.Core.Delivery;

/// <summary>Sends one delivery of a channel (the "deliver" queue routes by channel name).</summary>
public interface IDeliveryChannel
{
    string Channel { get; }

    Task DeliverAsync(DeliverMessage message, CancellationToken cancellationToken = default);
}
