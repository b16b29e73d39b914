namespace Alerts.Core.Deadlines;

/// <summary>
/// The documents a team's watchlists matched, as "source id \n item key" (the composition root wires it to the watchlists;
/// the deadlines never use that folder themselves).
/// </summary>
public delegate Task<IReadOnlySet<string>> TeamWatchedItems(string teamId, CancellationToken cancellationToken);
