using System.Security.Cryptography;
using System.Text;
using Alerts.Core.Storage;
using Azure;

namespace Alerts.Core.Delivery;

/// <summary>One delivery of a change to one team target (webhook endpoint or GitHub repository).</summary>
public sealed record DeliveryRecord
{
    public required string ChangeId { get; init; }
    public required string Channel { get; init; }
    public required string TargetId { get; init; }
    public required string TeamId { get; init; }
    public string Status { get; init; } = DeliveryStatus.Pending;
    /// <summary>Attempts made so far.</summary>
    public int Attempts { get; init; }
    /// <summary>Attempts before a manual redelivery restarted the schedule (0 otherwise).</summary>
    public int ScheduleBase { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastAttemptAt { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public int? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    /// <summary>GitHub: the issue the change went to.</summary>
    public int? IssueNumber { get; init; }
    public string? IssueUrl { get; init; }
    public ETag ETag { get; init; }

    /// <summary>The id in <see cref="DeliverMessage.DeliveryId"/> and the API: change id and target id.</summary>
    public string Id => DeliveryLedger.DeliveryId(ChangeId, TargetId);

    /// <summary>Standard Webhooks message id: stable for the delivery, so every retry and redelivery carries the same one.</summary>
    public string MessageId => "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Id)).AsSpan(0, 12));
}
