namespace Alerts.Core.ChangeLog;

/// <summary>The outcome of a write: written (with the commit, when there is one) or not, because the file moved meanwhile.</summary>
public sealed record AnchorFileWrite(bool Written, string? CommitSha);
