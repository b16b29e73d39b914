namespace Alerts.Core.ChangeLog;

/// <summary>The anchors file as read: its text and version.</summary>
public sealed record AnchorFileContent(string Text, string? Sha);
