namespace Alerts.Core.Detection;

/// <summary>One term of the dictionary, compiled.</summary>
public sealed record CompiledTerm(int Id, string Term, string Target, double Weight, TermKind Kind, bool CaseSensitive, bool Prefix, bool RequiresScope = false);
