namespace Alerts.Core.Watchlists;

/// <summary>
/// Table <c>watchlists</c>: PartitionKey = watchlist id. RowKey "list" holds the header (owner: team or subscriber, name, counts, the current
/// generation and its number of chunks); RowKeys "g&lt;generation&gt;:&lt;chunk&gt;" hold the entries of a generation as JSON,
/// at most <see cref="ChunkBytes"/> of UTF-8 each (compressed into binary properties by <see cref="EntityText"/>, so no
/// property passes 64 KiB and no entity 1 MiB). Replacing the entries writes the next generation's chunks first, then
/// moves the header to it in one conditional update, then deletes the old chunks: a reader sees the old entries or the
/// new ones, never half of an import, and a crash leaves only unreferenced chunks that the next replace removes.
/// </summary>
public sealed class WatchlistStore(AlertsStorage storage)
{
    public const string HeaderRow = "list";

    /// <summary>UTF-8 bytes of entries JSON per chunk entity (compressed it stays under the 1 MiB entity limit).</summary>
    public const int ChunkBytes = 600_000;

    private static readonly System.Buffers.SearchValues<char> IdChars = System.Buffers.SearchValues.Create("0123456789abcdef");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private TableClient Table => storage.Table(StorageNames.Watchlists);

    public static string NewId() => "wl_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    /// <summary>Watchlist ids are ours: "wl_" and 20 hex digits. Anything else is not found without a storage call.</summary>
    public static bool IsId(string? id) =>
        id is { Length: 23 } && id.StartsWith("wl_", StringComparison.Ordinal) && id.AsSpan(3).IndexOfAnyExcept(IdChars) < 0;

    /// <summary>Creates a watchlist with its entries (chunks first, the header last: until then it does not exist).</summary>
    public async Task CreateAsync(Watchlist list, IReadOnlyList<WatchlistEntry> entries, CancellationToken cancellationToken = default)
    {
        var chunks = await WriteChunksAsync(list.Id, 1, entries, cancellationToken);
        await Table.AddEntityAsync(ToEntity(list with { Generation = 1 }, chunks), cancellationToken);
    }

    public Task<Watchlist?> GetForTeamAsync(string id, string teamId, CancellationToken cancellationToken = default) =>
        GetForOwnerAsync(id, WatchlistOwner.Team(teamId), cancellationToken);

    /// <summary>The watchlist if <paramref name="owner"/> owns it; null otherwise (another owner's watchlist does not exist for them).</summary>
    public async Task<Watchlist?> GetForOwnerAsync(string id, WatchlistOwner owner, CancellationToken cancellationToken = default) =>
        (await GetStoredAsync(id, cancellationToken)) is { } s && owner.Owns(s.List) ? s.List : null;

    internal async Task<StoredWatchlist?> GetStoredAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsId(id))
        {
            return null;
        }

        var r = await Table.GetEntityIfExistsAsync<TableEntity>(id, HeaderRow, cancellationToken: cancellationToken);
        return r.HasValue ? FromEntity(r.Value!) : null;
    }

    public Task<List<Watchlist>> ListForTeamAsync(string teamId, CancellationToken cancellationToken = default) =>
        ListForOwnerAsync(WatchlistOwner.Team(teamId), cancellationToken);

    /// <summary>The owner's watchlists, oldest first.</summary>
    public async Task<List<Watchlist>> ListForOwnerAsync(WatchlistOwner owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var filter = owner.SubscriberId is { Length: > 0 } subscriber
            ? TableClient.CreateQueryFilter($"RowKey eq {HeaderRow} and SubscriberId eq {subscriber}")
            : TableClient.CreateQueryFilter($"RowKey eq {HeaderRow} and TeamId eq {owner.TeamId ?? ""}");
        var list = new List<Watchlist>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (FromEntity(e).List is var l && owner.Owns(l))
            {
                list.Add(l);
            }
        }

        return [.. list.OrderBy(l => l.CreatedAt)];
    }

    /// <summary>Every watchlist of every owner (dispatch).</summary>
    public async Task<List<Watchlist>> AllAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<Watchlist>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {HeaderRow}"), cancellationToken: cancellationToken))
        {
            list.Add(FromEntity(e).List);
        }

        return list;
    }

    /// <summary>The entries of the watchlist's current generation.</summary>
    public async Task<List<WatchlistEntry>> EntriesAsync(Watchlist list, CancellationToken cancellationToken = default)
    {
        var prefix = GenerationPrefix(list.Generation);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {list.Id} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        var entries = new List<WatchlistEntry>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            entries.AddRange(JsonSerializer.Deserialize<List<WatchlistEntry>>(EntityText.Read(e, "Entries") ?? "[]", Json) ?? []);
        }

        return entries;
    }

    /// <summary>
    /// Replaces the name, description and entries if the watchlist is unchanged since read; false on a concurrent change
    /// (then nothing changed: the new chunks are removed).
    /// </summary>
    public async Task<bool> TryReplaceAsync(Watchlist read, Watchlist updated, IReadOnlyList<WatchlistEntry>? entries, CancellationToken cancellationToken = default)
    {
        var stored = await GetStoredAsync(read.Id, cancellationToken);
        if (stored is null || stored.List.Generation != read.Generation || stored.List.UpdatedAt != read.UpdatedAt)
        {
            return false;
        }

        if (entries is null)
        {
            return await TryUpdateHeaderAsync(updated with { Generation = stored.List.Generation }, stored.Chunks, stored.ETag, cancellationToken);
        }

        var next = stored.List.Generation + 1;
        await DeleteGenerationAsync(read.Id, next, cancellationToken); // leftovers of a crashed replace
        var chunks = await WriteChunksAsync(read.Id, next, entries, cancellationToken);
        if (!await TryUpdateHeaderAsync(updated with { Generation = next }, chunks, stored.ETag, cancellationToken))
        {
            await DeleteGenerationAsync(read.Id, next, cancellationToken);
            return false;
        }

        await DeleteGenerationAsync(read.Id, stored.List.Generation, cancellationToken);
        return true;
    }

    /// <summary>Deletes the watchlist: the header first (it is gone at once), then its chunks.</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.DeleteEntityAsync(id, HeaderRow, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }

        var rows = new List<TableTransactionAction>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All));
        }

        foreach (var batch in rows.Chunk(100))
        {
            await Table.SubmitTransactionAsync(batch, cancellationToken);
        }
    }

    private async Task<bool> TryUpdateHeaderAsync(Watchlist list, int chunks, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(ToEntity(list, chunks), etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    private async Task<int> WriteChunksAsync(string id, int generation, IReadOnlyList<WatchlistEntry> entries, CancellationToken cancellationToken)
    {
        var chunks = Chunk(entries).ToList();
        // One partition: chunks go in transactions of up to 100 entities and about 2 MB before base64 (the request limit is 4 MiB).
        var batch = new List<TableTransactionAction>();
        long batchBytes = 0;
        for (var i = 0; i < chunks.Count; i++)
        {
            var e = new TableEntity(id, GenerationPrefix(generation) + i.ToString("D5", CultureInfo.InvariantCulture)) { ["Count"] = chunks[i].Count };
            EntityText.Write(e, "Entries", JsonSerializer.Serialize(chunks[i], Json));
            var size = e.Select(kv => kv.Value).Sum(v => v switch { string s => s.Length * 2L, byte[] b => b.Length, _ => 16L });
            if (batch.Count == 100 || (batch.Count > 0 && batchBytes + size > 2_000_000))
            {
                await Table.SubmitTransactionAsync(batch, cancellationToken);
                batch = [];
                batchBytes = 0;
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, e));
            batchBytes += size;
        }

        if (batch.Count > 0)
        {
            await Table.SubmitTransactionAsync(batch, cancellationToken);
        }

        return chunks.Count;
    }

    private static IEnumerable<List<WatchlistEntry>> Chunk(IReadOnlyList<WatchlistEntry> entries)
    {
        var chunk = new List<WatchlistEntry>();
        var bytes = 0;
        foreach (var e in entries)
        {
            var size = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(e, Json)) + 1;
            if (chunk.Count > 0 && bytes + size > ChunkBytes)
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(e);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private async Task DeleteGenerationAsync(string id, int generation, CancellationToken cancellationToken)
    {
        var prefix = GenerationPrefix(generation);
        var rows = new List<TableTransactionAction>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All));
        }

        foreach (var batch in rows.Chunk(100))
        {
            await Table.SubmitTransactionAsync(batch, cancellationToken);
        }
    }

    private static string GenerationPrefix(int generation) => "g" + generation.ToString("D8", CultureInfo.InvariantCulture) + ":";

    private static TableEntity ToEntity(Watchlist l, int chunks) => new(l.Id, HeaderRow)
    {
        ["TeamId"] = l.TeamId,
        ["SubscriberId"] = l.SubscriberId,
        ["Name"] = l.Name,
        ["Description"] = l.Description,
        ["Counterparties"] = l.Counterparties,
        ["Products"] = l.Products,
        ["CreatedAt"] = l.CreatedAt,
        ["UpdatedAt"] = l.UpdatedAt,
        ["Generation"] = l.Generation,
        ["Chunks"] = chunks,
    };

    private static StoredWatchlist FromEntity(TableEntity e) => new(
        new Watchlist
        {
            Id = e.PartitionKey,
            TeamId = e.GetString("TeamId") ?? "",
            SubscriberId = e.GetString("SubscriberId") is { Length: > 0 } subscriber ? subscriber : null,
            Name = e.GetString("Name") ?? "",
            Description = e.GetString("Description"),
            Counterparties = e.GetInt32("Counterparties") ?? 0,
            Products = e.GetInt32("Products") ?? 0,
            CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
            UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
            Generation = e.GetInt32("Generation") ?? 1,
        },
        e.GetInt32("Chunks") ?? 0,
        e.ETag);
}
