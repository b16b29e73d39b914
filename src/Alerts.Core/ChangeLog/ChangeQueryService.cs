namespace Alerts.Core.ChangeLog;

/// <summary>
/// Pages through the log by sequence. Sequences are gap-free and detection time only grows with them, so a date range is
/// a sequence range found from the month index; each round trip reads a window of at most 1,000 sequences with the
/// filters applied by the table service.
/// </summary>
public sealed class ChangeQueryService(ChangeLogStore store)
{
    public const int MaxPageSize = 1000;
    private const int Window = 1000;

    public async Task<ChangePage> QueryAsync(ChangeQuery query, long? startAt = null, CancellationToken cancellationToken = default)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var (head, months) = await store.ReadHeadAndMonthsAsync(cancellationToken);
        var roundTrips = 1;
        if (head is null || head.Value.Sequence == 0)
        {
            return new ChangePage([], null, roundTrips);
        }

        var (lo, hi) = Bounds(query, head.Value.Sequence, months);
        var newest = !string.Equals(query.Order, "oldest", StringComparison.OrdinalIgnoreCase);
        var cursor = startAt ?? (newest ? hi : lo);
        var filter = Filter(query);
        var items = new List<ChangeRecord>();
        // The first window is as small as the page allows (exact when nothing is filtered), then grows fourfold up to
        // 1,000: a first page of 50 reads about 50 entries, a sparse filter still needs few round trips.
        // (from and to are mostly covered by the month index, so they do not count as thinning the window.)
        var filtered = query.Sources.Count > 0 || query.Jurisdiction is { Length: > 0 } || query.Severity is not null
            || query.Story is { Length: > 0 } || query.Topic is { Length: > 0 } || query.Text is { Length: > 0 };
        var window = Math.Min(Window, filtered ? pageSize * 4 : pageSize);
        while (items.Count < pageSize && cursor >= lo && cursor <= hi)
        {
            long a, b;
            if (newest)
            {
                b = cursor;
                a = Math.Max(lo, cursor - window + 1);
            }
            else
            {
                a = cursor;
                b = Math.Min(hi, cursor + window - 1);
            }

            var batch = await store.ReadRangeAsync(a, b, filter, cancellationToken);
            roundTrips++;
            if (newest)
            {
                batch.Reverse();
            }

            foreach (var c in batch)
            {
                if (!query.MatchesClientSide(c))
                {
                    continue;
                }

                items.Add(c);
                if (items.Count == pageSize)
                {
                    var next = newest ? c.Sequence - 1 : c.Sequence + 1;
                    return new ChangePage(items, next >= lo && next <= hi ? next : null, roundTrips);
                }
            }

            cursor = newest ? a - 1 : b + 1;
            window = Math.Min(Window, window * 4);
        }

        return new ChangePage(items, null, roundTrips);
    }

    /// <summary>Every change matching the query, in order, without paging (exports).</summary>
    public async IAsyncEnumerable<ChangeRecord> StreamAsync(ChangeQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long? next = null;
        do
        {
            var page = await QueryAsync(query with { PageSize = MaxPageSize }, next, cancellationToken);
            foreach (var c in page.Items)
            {
                yield return c;
            }

            next = page.NextSequence;
        }
        while (next is not null);
    }

    private static (long Lo, long Hi) Bounds(ChangeQuery q, long headSequence, SortedList<string, long> months)
    {
        long lo = 1, hi = headSequence;
        if (q.From is { } from)
        {
            var m = from.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var first = months.FirstOrDefault(kv => string.CompareOrdinal(kv.Key, m) >= 0);
            lo = first.Key is null ? headSequence + 1 : first.Value;
        }

        if (q.To is { } to)
        {
            var m = to.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var after = months.FirstOrDefault(kv => string.CompareOrdinal(kv.Key, m) > 0);
            hi = after.Key is null ? headSequence : after.Value - 1;
        }

        return (lo, hi);
    }

    private static string? Filter(ChangeQuery q)
    {
        var parts = new List<string>();
        if (q.From is { } from)
        {
            parts.Add(TableClient.CreateQueryFilter($"DetectedAt ge {from.ToUniversalTime()}"));
        }

        if (q.To is { } to)
        {
            parts.Add(TableClient.CreateQueryFilter($"DetectedAt le {to.ToUniversalTime()}"));
        }

        if (q.Sources.Count > 0)
        {
            parts.Add("(" + string.Join(" or ", q.Sources.Select(s => TableClient.CreateQueryFilter($"SourceId eq {s}"))) + ")");
        }

        if (q.Jurisdiction is { Length: > 0 } j)
        {
            parts.Add(TableClient.CreateQueryFilter($"Jurisdiction eq {j}"));
        }

        if (q.Severity is { } s)
        {
            parts.Add(TableClient.CreateQueryFilter($"Severity eq {s.ToWire()}"));
        }

        if (q.Story is { Length: > 0 } story)
        {
            parts.Add(TableClient.CreateQueryFilter($"StoryId eq {story}"));
        }

        return parts.Count == 0 ? null : string.Join(" and ", parts);
    }
}
