namespace Alerts.Core.Deadlines;

/// <summary>One date found in a document: its kind, the date, and where it came from (a source field, or the sentence quoted).</summary>
public sealed record ExtractedDate(string Kind, DateOnly Date, string Basis);
