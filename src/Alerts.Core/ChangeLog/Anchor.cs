namespace Alerts.Core.ChangeLog;

/// <summary>A published chain head: this sequence had this hash at this time.</summary>
public sealed record Anchor(long Sequence, string Hash, DateTimeOffset At);
