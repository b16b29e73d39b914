namespace Alerts.Core.Polling;

/// <summary>
/// What the source's state says about a held suspect fetch: its content hash (the same content again confirms it) and
/// whether an operator confirmed the next poll (<c>alerts sources confirm ID</c>).
/// </summary>
public sealed record SuspectHold(string? HeldFingerprint, bool OperatorConfirmed)
{
    public static readonly SuspectHold None = new(null, false);
}
