namespace Alerts.Core.Access;

/// <summary>
/// The append-only access log (table accesslog): partition per month, row key newest first (inverted ticks plus a
/// random suffix), entries only ever added, never updated; whole months older than the retention are deleted
/// (<see cref="AccessLogRetention"/>).
/// </summary>
public sealed class AccessLogStore(AlertsStorage storage)
{
    public const int MaxPageSize = 1000;

    /// <summary>Entries one Reconcile run deletes at most (10 transactions); a bigger backlog goes on at the next run.</summary>
    public const int MaxExpiredPerRun = 1000;

    private TableClient Table => storage.Table(StorageNames.AccessLog);

    public static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string RowPrefix(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    public async Task AppendAsync(AccessLogEntry entry, CancellationToken cancellationToken = default)
    {
        var row = RowPrefix(entry.At) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        await Table.AddEntityAsync(new TableEntity(Month(entry.At), row)
        {
            ["At"] = entry.At,
            ["KeyId"] = entry.KeyId,
            ["KeyName"] = entry.KeyName,
            ["Role"] = entry.Role,
            ["TeamId"] = entry.TeamId,
            ["Method"] = entry.Method,
            ["Route"] = entry.Route,
            ["Path"] = entry.Path,
            ["Query"] = entry.Query.Length > 2000 ? entry.Query[..2000] : entry.Query,
            ["Status"] = entry.Status,
            ["Rows"] = entry.Rows,
        }, cancellationToken);
    }

    /// <summary>
    /// The oldest month partition kept ("yyyy-MM"): the current month of <paramref name="now"/> and the
    /// <paramref name="retentionMonths"/> whole months before it.
    /// </summary>
    public static string FirstKeptMonth(DateTimeOffset now, int retentionMonths)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retentionMonths, 1);
        var month = new DateTimeOffset(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return Month(month.AddMonths(-retentionMonths));
    }

    /// <summary>
    /// Deletes up to <see cref="MaxExpiredPerRun"/> entries of the month partitions before <paramref name="firstKeptMonth"/>:
    /// one key-range query over those partitions only (keys selected), deletes in transactions of 100. Returns how many.
    /// </summary>
    public async Task<int> ExpireAsync(string firstKeptMonth, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(firstKeptMonth);
        var keys = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey lt {firstKeptMonth}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, maxPerPage: MaxExpiredPerRun, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(e);
            if (keys.Count == MaxExpiredPerRun)
            {
                break;
            }
        }

        foreach (var partition in keys.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                await Table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, Azure.ETag.All)), cancellationToken);
            }
        }

        return keys.Count;
    }

    /// <summary>Entries between two times (inclusive), newest first, optionally for one key, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<AccessLogEntry>> QueryAsync(DateTimeOffset from, DateTimeOffset to, string? keyId, int limit, CancellationToken cancellationToken = default)
    {
        var list = new List<AccessLogEntry>();
        var month = new DateTimeOffset(to.UtcDateTime.Year, to.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var firstMonth = new DateTimeOffset(from.UtcDateTime.Year, from.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        while (month >= firstMonth && list.Count < limit)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Month(month)} and RowKey ge {RowPrefix(to)} and RowKey lt {RowPrefix(from) + "."}");
            if (keyId is { Length: > 0 })
            {
                filter += " and " + TableClient.CreateQueryFilter($"KeyId eq {keyId}");
            }

            await foreach (var e in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, MaxPageSize), cancellationToken: cancellationToken))
            {
                list.Add(new AccessLogEntry(
                    e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue, e.GetString("KeyId") ?? "", e.GetString("KeyName") ?? "", e.GetString("Role") ?? "",
                    e.GetString("TeamId"), e.GetString("Method") ?? "", e.GetString("Route") ?? "", e.GetString("Path") ?? "", e.GetString("Query") ?? "",
                    e.GetInt32("Status") ?? 0, e.GetInt64("Rows") ?? 0));
                if (list.Count == limit)
                {
                    break;
                }
            }

            month = month.AddMonths(-1);
        }

        return list;
    }
}
