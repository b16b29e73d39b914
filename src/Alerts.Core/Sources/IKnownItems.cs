namespace Alerts.Core.Sources;

/// <summary>
/// What a source has recorded before, for a source that fetches only what changed (the eCFR source fetches a section's
/// text only when its version moved). Implemented by Detection's snapshot store, so a source knows nothing of snapshots.
/// </summary>
public interface IKnownItems
{
    Task<IReadOnlyDictionary<string, KnownItem>> ReadAllAsync(string scope, CancellationToken cancellationToken = default);
}
