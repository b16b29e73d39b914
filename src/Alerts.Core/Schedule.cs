namespace Alerts.Core;

/// <summary>A recurring job: the CRON expression the Functions timer uses and the period the self-host's scheduler uses.</summary>
public sealed record Schedule(string Name, string Cron, TimeSpan Period);
