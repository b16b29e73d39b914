namespace Alerts.Core.Sources.FederalRegister;

/// <summary>An entity a Federal Register rule adds to (or revises on) a BIS list: the list (EL, UVL, MEU), country, name, aliases and address.</summary>
public sealed record RuleEntity(string List, string Country, string Name, IReadOnlyList<string> Aliases, string? Address);
