namespace Alerts.Core.ChangeLog;

/// <summary>One problem found beside the chain itself: an evidence blob or a published anchor that disagrees.</summary>
public sealed record VerifyFinding(string Kind, long Sequence, string? ChangeId, string Problem);
