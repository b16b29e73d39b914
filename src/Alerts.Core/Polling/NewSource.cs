namespace Alerts.Core.Polling;

/// <summary>A source an operator adds (API body or command line); what is left out takes the defaults of <see cref="SourceAdministration.AddAsync"/>.</summary>
public sealed record NewSource(
    string Id, string Kind, string BaseUrl, string? Name = null, string? Jurisdiction = null, bool? Official = null, int? IntervalMinutes = null,
    IReadOnlyDictionary<string, string>? Settings = null);
