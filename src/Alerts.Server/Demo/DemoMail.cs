namespace Alerts.Server.Demo;

/// <summary>One message the demo's mailbox caught: to one recipient, kept as an .eml file.</summary>
public sealed record DemoMail(string Id, DateTimeOffset ReceivedAt, string From, string To, string Subject, string Text, string FileName);
