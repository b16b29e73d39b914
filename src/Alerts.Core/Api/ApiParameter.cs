namespace Alerts.Core.Api;

/// <summary>A query parameter of a route, for the OpenAPI document.</summary>
public sealed record ApiParameter(string Name, string Description, string Type = "string", IReadOnlyList<string>? Values = null);
