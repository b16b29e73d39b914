namespace Alerts.Core.ChangeLog;

/// <summary>The chain head.</summary>
public readonly record struct ChainHead(long Sequence, string Hash, DateTimeOffset LastDetectedAt, string? Month, ETag ETag);
