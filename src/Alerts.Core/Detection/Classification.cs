using Alerts.Core.ChangeLog;

namespace Alerts.Core.Detection;

/// <summary>Jurisdiction, topics, severity, relevance and the evidence that produced them, plus a one-line summary of what changed.</summary>
public sealed record Classification(string Jurisdiction, IReadOnlyList<string> Topics, Severity Severity, double Relevance, IReadOnlyList<string> Matched, string Summary);
