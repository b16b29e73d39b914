using Alerts.Core.Delivery;

namespace Alerts.Core.Storage;

/// <summary>Queue "poll": poll one source.</summary>
public sealed record PollMessage(string SourceId);

/// <summary>Queue "dispatch": match a recorded change to its targets.</summary>
public sealed record DispatchMessage(string ChangeId);

/// <summary>Queue "deliver": send one delivery through its channel.</summary>
public sealed record DeliverMessage(string Channel, string DeliveryId, int Attempt = 1);
