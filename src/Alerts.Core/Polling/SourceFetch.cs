using Alerts.Core.Sources;

namespace Alerts.Core.Polling;

/// <summary>
/// What fetching a source gave: the items (<see cref="Result"/>) or the failure (<see cref="Error"/>, one line), with the
/// requests made, the validators to store and the last document fetched (the evidence of an item that names none).
/// </summary>
public sealed record SourceFetch(
    FetchResult? Result, string? Error, int Requests, Dictionary<string, Validators> Validators, bool ValidatorsChanged, FetchedDocument? LastDocument)
{
    public bool Ok => Result is not null;
}
