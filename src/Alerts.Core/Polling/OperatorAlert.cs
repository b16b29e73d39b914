namespace Alerts.Core.Polling;

/// <summary>An alert to the operators about a source: it keeps failing, or it recovered.</summary>
public sealed record OperatorAlert(string SourceId, string Kind, DateTimeOffset At, int Failures, string? Error);
