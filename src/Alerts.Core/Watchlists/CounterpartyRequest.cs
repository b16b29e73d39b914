namespace Alerts.Core.Watchlists;

/// <summary>A counterparty in a create or update request.</summary>
public sealed record CounterpartyRequest(string? Name, IReadOnlyList<string>? Aliases = null, string? Country = null, string? Address = null, string? Reference = null);
