using Alerts.Core.Sources;

namespace Alerts.Core.Detection;

/// <summary>Per-scope, per-item snapshots in the <c>snapshots</c> table.</summary>
public sealed class SnapshotStore(AlertsStorage storage) : IKnownItems
{
    private TableClient Table => storage.Table(StorageNames.Snapshots);

    /// <summary>The content version of a set of fields: SHA-256 of their canonical form, independent of order and formatting.</summary>
    public static string VersionOf(IReadOnlyDictionary<string, string> fields)
    {
        var sorted = new SortedDictionary<string, string>(fields.ToDictionary(), StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(sorted))).Substring(0, 32);
    }

    /// <summary>Every snapshot of a scope (sources whose fetch is a complete snapshot).</summary>
    async Task<IReadOnlyDictionary<string, KnownItem>> IKnownItems.ReadAllAsync(string scope, CancellationToken cancellationToken) =>
        (await ReadAllAsync(scope, cancellationToken)).ToDictionary(kv => kv.Key, kv => new KnownItem(kv.Value.ItemKey, kv.Value.Fields, kv.Value.Removed), StringComparer.Ordinal);

    public async Task<Dictionary<string, Snapshot>> ReadAllAsync(string scope, CancellationToken cancellationToken = default)
    {
        var map = new Dictionary<string, Snapshot>(StringComparer.Ordinal);
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(scope)}"), maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            var s = FromEntity(e);
            map[s.ItemKey] = s;
        }

        return map;
    }

    /// <summary>The snapshots of the given items (point reads, a few at a time).</summary>
    public async Task<Dictionary<string, Snapshot>> ReadManyAsync(string scope, IEnumerable<string> itemKeys, CancellationToken cancellationToken = default)
    {
        var map = new System.Collections.Concurrent.ConcurrentDictionary<string, Snapshot>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(itemKeys.Distinct(), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (key, ct) =>
        {
            var e = await Table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(scope), TableKeys.Encode(key), cancellationToken: ct);
            if (e.HasValue)
            {
                map[key] = FromEntity(e.Value!);
            }
        });
        return new Dictionary<string, Snapshot>(map, StringComparer.Ordinal);
    }

    public Task WriteAsync(string scope, Snapshot snapshot, CancellationToken cancellationToken = default) =>
        Table.UpsertEntityAsync(ToEntity(scope, snapshot), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Writes many snapshots of one scope in transactions of at most 100 (baselines).</summary>
    public async Task<int> WriteBatchAsync(string scope, IReadOnlyList<Snapshot> snapshots, CancellationToken cancellationToken = default)
    {
        var writes = 0;
        foreach (var chunk in snapshots.Chunk(100))
        {
            var actions = chunk.Select(s => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(scope, s))).ToList();
            // Keep a transaction under the 4 MiB request limit: large entities go one by one.
            if (actions.Sum(a => EstimateSize(a.Entity)) > 3_500_000)
            {
                foreach (var a in actions)
                {
                    await Table.UpsertEntityAsync(a.Entity, TableUpdateMode.Replace, cancellationToken);
                }
            }
            else
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken);
            }

            writes += actions.Count;
        }

        return writes;
    }

    private static TableEntity ToEntity(string scope, Snapshot snapshot)
    {
        var e = new TableEntity(TableKeys.Encode(scope), TableKeys.Encode(snapshot.ItemKey))
        {
            ["ItemKey"] = snapshot.ItemKey,
            ["Version"] = snapshot.Version,
            ["Stage"] = snapshot.Stage,
            ["LastChangeId"] = snapshot.LastChangeId,
            ["Removed"] = snapshot.Removed,
            ["Title"] = Truncate(snapshot.Title, 1000),
            ["Url"] = snapshot.Url is null ? null : Truncate(snapshot.Url, 2000),
            ["RecordedAt"] = snapshot.RecordedAt,
            ["Recent"] = snapshot.Recent is { Count: > 0 } recent ? JsonSerializer.Serialize(recent) : null,
        };
        EntityText.Write(e, "Fields", JsonSerializer.Serialize(snapshot.Fields));
        return e;
    }

    private static long EstimateSize(ITableEntity e) =>
        ((TableEntity)e).Select(kv => kv.Value).Sum(v => v switch { string s => s.Length * 2L, byte[] b => b.Length, _ => 16L }) + 256;

    private static Snapshot FromEntity(TableEntity e)
    {
        var fields = JsonSerializer.Deserialize<Dictionary<string, string>>(EntityText.Read(e, "Fields") ?? "{}") ?? [];
        return new Snapshot(
            e.GetString("ItemKey") ?? TableKeys.Decode(e.RowKey),
            e.GetString("Version") ?? "",
            e.GetInt32("Stage") ?? 0,
            fields,
            e.GetString("LastChangeId"),
            e.GetBoolean("Removed") ?? false,
            e.GetString("Title") ?? "",
            e.GetString("Url"),
            e.GetDateTimeOffset("RecordedAt"),
            e.GetString("Recent") is { Length: > 0 } recent ? JsonSerializer.Deserialize<List<SeenVersion>>(recent) : null);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
