namespace Alerts.Core.ChangeLog;

/// <summary>The result of an append: the stored record, and whether this call added it (false: it was there already).</summary>
public sealed record AppendResult(ChangeRecord Change, bool Appended);
