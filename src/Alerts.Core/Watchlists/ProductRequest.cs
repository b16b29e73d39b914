namespace Alerts.Core.Watchlists;

/// <summary>A product in a create or update request: type eccn, hts or term, and its value.</summary>
public sealed record ProductRequest(string? Type, string? Value);
