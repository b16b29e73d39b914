namespace Alerts.Core.Storage;

/// <summary>Queue "deliver": send one delivery through its channel.</summary>
public sealed record DeliverMessage(string Channel, string DeliveryId, int Attempt = 1) : ITracedMessage
{
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    public DateTimeOffset? VisibleAt { get; init; }
}
