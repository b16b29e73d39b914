namespace Alerts.Core.ChangeLog;

/// <summary>One field before and after. Null before: added; null after: removed.</summary>
public sealed record FieldChange(string Field, string? Before, string? After);
