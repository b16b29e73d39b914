using Alerts.Core.Sources;

namespace Alerts.Core.Polling;

/// <summary>
/// The sources this install watches, as everything else reads them: the catalog file with configuration applied
/// (<see cref="SourceCatalog"/>), the sources operators added and the operators' enable/disable overrides
/// (<see cref="SourceOverrides"/>), merged here and read fresh from storage on each call, so no caller refreshes first.
/// </summary>
public sealed class SourceRegistry(SourceCatalog catalog, SourceOverrides overrides)
{
    /// <summary>Every source, catalog order then operator-added, each with <see cref="SourceDefinition.Enabled"/> as the operators left it.</summary>
    public async Task<IReadOnlyList<SourceDefinition>> ListAsync(CancellationToken cancellationToken = default)
    {
        await overrides.RefreshCatalogAsync(cancellationToken);
        var enabled = await overrides.GetAllAsync(cancellationToken);
        return [.. catalog.All.Select(s => enabled.TryGetValue(s.Id, out var on) && on != s.Enabled ? s with { Enabled = on } : s)];
    }

    /// <summary>One source by id (case-insensitive), enabled or not; null when there is none.</summary>
    public async Task<SourceDefinition?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>True for a source of the catalog file, which operators can disable but not remove.</summary>
    public bool IsBuiltIn(string id) => catalog.IsBuiltIn(id);
}
