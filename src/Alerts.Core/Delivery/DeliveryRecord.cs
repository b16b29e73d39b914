namespace Alerts.Core.Delivery;

/// <summary>One delivery of a change to one target (a team's webhook endpoint or GitHub repository): a row of the <see cref="DeliveryLedger"/>.</summary>
public sealed record DeliveryRecord
{
    private static readonly IReadOnlyDictionary<string, object?> NoData = new Dictionary<string, object?>();

    public required string ChangeId { get; init; }
    public required string Channel { get; init; }
    public required string TargetId { get; init; }
    public required string TeamId { get; init; }
    /// <summary>pending, delivered or dead (as words in the table).</summary>
    public DeliveryStatus Status { get; init; } = DeliveryStatus.Pending;
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
    /// <summary>
    /// The channel's own columns of the row, written and read back as they are (GitHub keeps the issue a change went to);
    /// never one of the ledger's columns.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Data { get; init; } = NoData;
    public ETag ETag { get; init; }

    /// <summary>The id in <see cref="DeliverMessage.DeliveryId"/> and the API: change id and target id.</summary>
    public string Id => DeliveryLedger.DeliveryId(ChangeId, TargetId);
}
