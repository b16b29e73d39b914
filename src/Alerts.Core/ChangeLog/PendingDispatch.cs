namespace Alerts.Core.ChangeLog;

/// <summary>A change whose dispatch is not done: since when, how often re-enqueued, and why it was given up (null: not given up).</summary>
public sealed record PendingDispatch(string Id, DateTimeOffset Since, int Requeued, DateTimeOffset? RequeuedAt, string? DeadReason);
