namespace Alerts.Core.Deadlines;

/// <summary>
/// The <c>deadlines</c> table, beside the hash-chained log (its entries are not touched): one row per document, kind and
/// date in a partition per month of the date (PartitionKey <c>d2026-01</c>, RowKey <c>2026-01-05|effective|&lt;item hash&gt;</c>),
/// so a date range is a few partition range queries; and one index row per document (PartitionKey <c>i&lt;item hash&gt;</c>)
/// naming its current rows, so a later change of the document replaces its dates instead of adding to them.
/// </summary>
public sealed class DeadlineStore(AlertsStorage storage)
{
    private const string IndexRow = "current";

    private TableClient Table => storage.Table(StorageNames.Deadlines);

    public static string ItemHash(string sourceId, string itemKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceId + "\n" + itemKey)).AsSpan(0, 16));

    public static string KeyOf(string sourceId, string itemKey, string kind, DateOnly date) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{sourceId}\n{itemKey}\n{kind}\n{date:yyyy-MM-dd}")).AsSpan(0, 16));

    private static string Partition(DateOnly date) => "d" + date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string Row(Deadline d) => $"{d.Date:yyyy-MM-dd}|{d.Kind}|{ItemHash(d.SourceId, d.ItemKey)}";

    /// <summary>
    /// Makes <paramref name="deadlines"/> the dates of the document (empty: it has none now). Idempotent: the new rows are
    /// written first, then the rows of the document's earlier dates that are not among them are deleted, then the index moves.
    /// </summary>
    public async Task ReplaceAsync(string sourceId, string itemKey, IReadOnlyList<Deadline> deadlines, CancellationToken cancellationToken = default)
    {
        var indexPartition = "i" + ItemHash(sourceId, itemKey);
        var index = await Table.GetEntityIfExistsAsync<TableEntity>(indexPartition, IndexRow, cancellationToken: cancellationToken);
        var previous = index.HasValue ? (index.Value!.GetString("Rows") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
        var current = new List<string>();
        foreach (var d in deadlines)
        {
            var e = ToEntity(d);
            await Table.UpsertEntityAsync(e, TableUpdateMode.Replace, cancellationToken);
            current.Add(e.PartitionKey + "/" + e.RowKey);
        }

        foreach (var old in previous.Except(current, StringComparer.Ordinal))
        {
            var slash = old.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0)
            {
                await Table.DeleteEntityAsync(old[..slash], old[(slash + 1)..], ETag.All, cancellationToken);
            }
        }

        if (current.Count == 0 && index.HasValue)
        {
            await Table.DeleteEntityAsync(indexPartition, IndexRow, ETag.All, cancellationToken);
        }
        else if (current.Count > 0)
        {
            await Table.UpsertEntityAsync(new TableEntity(indexPartition, IndexRow) { ["Rows"] = string.Join(',', current) }, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>Every date from <paramref name="from"/> to <paramref name="to"/> (both included), by date, then kind.</summary>
    public async Task<List<Deadline>> RangeAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var result = new List<Deadline>();
        var lower = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var upper = to.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(month)} and RowKey ge {lower} and RowKey lt {upper}");
            await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                result.Add(FromEntity(e));
            }
        }

        return [.. result.OrderBy(d => d.Date).ThenBy(d => d.Kind, StringComparer.Ordinal).ThenBy(d => d.Title, StringComparer.Ordinal)];
    }

    private static TableEntity ToEntity(Deadline d) => new(Partition(d.Date), Row(d))
    {
        ["ChangeId"] = d.ChangeId,
        ["SourceId"] = d.SourceId,
        ["ItemKey"] = d.ItemKey,
        ["Kind"] = d.Kind,
        ["Date"] = d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Title"] = d.Title,
        ["Url"] = d.Url,
        ["Basis"] = d.Basis,
        ["Sequence"] = d.Sequence,
        ["RecordedAt"] = d.RecordedAt,
    };

    private static Deadline FromEntity(TableEntity e) => new()
    {
        ChangeId = e.GetString("ChangeId") ?? "",
        SourceId = e.GetString("SourceId") ?? "",
        ItemKey = e.GetString("ItemKey") ?? "",
        Kind = e.GetString("Kind") ?? "",
        Date = DateOnly.ParseExact(e.GetString("Date") ?? "0001-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Title = e.GetString("Title") ?? "",
        Url = e.GetString("Url"),
        Basis = e.GetString("Basis") ?? "",
        Sequence = e.GetInt64("Sequence") ?? 0,
        RecordedAt = e.GetDateTimeOffset("RecordedAt") ?? default,
    };
}
