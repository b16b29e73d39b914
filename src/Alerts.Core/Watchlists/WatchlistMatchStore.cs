namespace Alerts.Core.Watchlists;

/// <summary>
/// Table <c>watchmatches</c>: PartitionKey = watchlist id; RowKey = a hash of (change id or listed item, entry id), so
/// storing a match twice (a re-dispatched change, a repeated screening) keeps one row.
/// </summary>
public sealed class WatchlistMatchStore(AlertsStorage storage)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private TableClient Table => storage.Table(StorageNames.WatchlistMatches);

    public static string RowKeyOf(WatchlistMatch m)
    {
        var basis = m.Origin == "change" ? "c\n" + m.ChangeId : "s\n" + m.SourceId + "\n" + m.ItemKey;
        return (m.Origin == "change" ? "c_" : "s_") + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(basis + "\n" + m.EntryId)).AsSpan(0, 16));
    }

    /// <summary>Stores matches of one watchlist; an existing row (same change or item and entry) is kept as it is. Returns how many were new.</summary>
    public async Task<int> AddAsync(string watchlistId, IReadOnlyList<WatchlistMatch> matches, CancellationToken cancellationToken = default)
    {
        var added = 0;
        foreach (var m in matches.DistinctBy(RowKeyOf))
        {
            var e = new TableEntity(watchlistId, RowKeyOf(m)) { ["Origin"] = m.Origin, ["MatchedAt"] = m.MatchedAt };
            EntityText.Write(e, "Match", JsonSerializer.Serialize(m, Json));
            try
            {
                await Table.AddEntityAsync(e, cancellationToken);
                added++;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
            }
        }

        return added;
    }

    /// <summary>Removes the screening matches of a watchlist (before it is screened again after an import).</summary>
    public async Task ClearScreeningAsync(string watchlistId, CancellationToken cancellationToken = default) =>
        await DeleteWhereAsync(TableClient.CreateQueryFilter($"PartitionKey eq {watchlistId} and Origin eq {"screening"}"), cancellationToken);

    public async Task DeleteAllAsync(string watchlistId, CancellationToken cancellationToken = default) =>
        await DeleteWhereAsync(TableClient.CreateQueryFilter($"PartitionKey eq {watchlistId}"), cancellationToken);

    /// <summary>The watchlist's matches, newest first (at most <paramref name="max"/>).</summary>
    public async Task<List<WatchlistMatch>> ListAsync(string watchlistId, int max, CancellationToken cancellationToken = default)
    {
        var list = new List<WatchlistMatch>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {watchlistId}"), cancellationToken: cancellationToken))
        {
            if (JsonSerializer.Deserialize<WatchlistMatch>(EntityText.Read(e, "Match") ?? "null", Json) is { } m)
            {
                list.Add(m);
            }
        }

        return [.. list.OrderByDescending(m => m.MatchedAt).ThenByDescending(m => m.Score).Take(max)];
    }

    private async Task DeleteWhereAsync(string filter, CancellationToken cancellationToken)
    {
        var rows = new List<TableTransactionAction>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All));
        }

        foreach (var batch in rows.Chunk(100))
        {
            await Table.SubmitTransactionAsync(batch, cancellationToken);
        }
    }
}
