namespace Alerts.Core.Detection;

/// <summary>A hit of a term in a text.</summary>
public readonly record struct TermHit(CompiledTerm Term, int Start);
