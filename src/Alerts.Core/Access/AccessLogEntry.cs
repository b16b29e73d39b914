namespace Alerts.Core.Access;

/// <summary>One request by an auditor or team key.</summary>
public sealed record AccessLogEntry(DateTimeOffset At, string KeyId, string KeyName, string Role, string? TeamId, string Method, string Route, string Path, string Query, int Status, long Rows);
