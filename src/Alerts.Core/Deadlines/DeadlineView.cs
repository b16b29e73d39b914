namespace Alerts.Core.Deadlines;

/// <summary>One upcoming date as the API shows it.</summary>
public sealed record DeadlineView(string ChangeId, string SourceId, string ItemKey, string Kind, string Date, int DaysLeft, string Title, string? Url, string Basis);
