using Alerts.Core.ChangeLog;
using Alerts.Core.Sources;

namespace Alerts.Core.Deadlines;

/// <summary>
/// Keeps the dates of each recorded change of an official source: extracted from the item the change was built from and
/// stored in the <c>deadlines</c> table, keyed by document, beside the log (the chained entry is not touched). A removed
/// item, or a new version without dates, leaves the document without dates.
/// </summary>
public sealed class DeadlineRecorder(DeadlineStore store)
{
    /// <summary>Stores the dates of <paramref name="change"/> (read from <paramref name="item"/>, null when the item was removed). Idempotent.</summary>
    public async Task<IReadOnlyList<Deadline>> RecordAsync(ChangeRecord change, SourceItem? item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!change.Official)
        {
            return [];
        }

        var found = item is null ? [] : DeadlineExtractor.Extract(item);
        var deadlines = found.Select(f => new Deadline
        {
            ChangeId = change.Id,
            SourceId = change.SourceId,
            ItemKey = change.ItemKey,
            Kind = f.Kind,
            Date = f.Date,
            Title = change.Title,
            Url = change.Url,
            Basis = f.Basis,
            Sequence = change.Sequence,
            RecordedAt = change.DetectedAt,
        }).ToList();
        await store.ReplaceAsync(change.SourceId, change.ItemKey, deadlines, cancellationToken);
        return deadlines;
    }
}
