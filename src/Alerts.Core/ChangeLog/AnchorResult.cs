namespace Alerts.Core.ChangeLog;

/// <summary>The outcome of a publication.</summary>
public sealed record AnchorResult(Anchor Anchor, bool Published, string? CommitSha);
