using System.Runtime.CompilerServices;

namespace Alerts.Core.Email;

/// <summary>
/// The <c>subscribers</c> table. Partitions: "sub" (one row per subscriber), "email" (SHA-256 of the address -> id),
/// "dg:&lt;id&gt;" (digest cursor and the digests sent), "st:&lt;story&gt;" (who was told about a story, for per-story mode).
/// </summary>
public sealed class SubscriberStore(AlertsStorage storage)
{
    public const string SubPartition = "sub";
    public const string EmailPartition = "email";
    public const string CursorRow = "cursor";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private TableClient Table => storage.Table(StorageNames.Subscribers);

    public static string NewId() => "sub_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public static string EmailKey(string email) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant())));

    public static string DigestPartition(string subscriberId) => "dg:" + TableKeys.Encode(subscriberId);

    public static string StoryPartition(string storyId) => "st:" + TableKeys.Encode(storyId);

    public async Task<Subscriber?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (id.Length is 0 or > 64)
        {
            return null;
        }

        var r = await Table.GetEntityIfExistsAsync<TableEntity>(SubPartition, TableKeys.Encode(id), cancellationToken: cancellationToken);
        return r.HasValue ? FromEntity(r.Value!) : null;
    }

    public async Task<Subscriber?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        var r = await Table.GetEntityIfExistsAsync<TableEntity>(EmailPartition, EmailKey(email), cancellationToken: cancellationToken);
        return r.HasValue && r.Value!.GetString("SubscriberId") is { } id ? await GetAsync(id, cancellationToken) : null;
    }

    /// <summary>
    /// Adds a new subscriber and then its address index, so no crash or refused write can leave an index row pointing at
    /// nothing (which would lock the address out for good): a crash between the two leaves only an unreachable pending row.
    /// When the index exists (a concurrent sign-up of the same address won) the new row is removed and false returned; an
    /// index left dangling by an older version is taken over.
    /// </summary>
    public async Task<bool> TryAddAsync(Subscriber s, CancellationToken cancellationToken = default)
    {
        await Table.AddEntityAsync(ToEntity(s), cancellationToken);
        var index = new TableEntity(EmailPartition, EmailKey(s.Email)) { ["SubscriberId"] = s.Id };
        try
        {
            await Table.AddEntityAsync(index, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
        }

        var existing = await Table.GetEntityIfExistsAsync<TableEntity>(EmailPartition, index.RowKey, cancellationToken: cancellationToken);
        if (existing.HasValue && existing.Value!.GetString("SubscriberId") is { } other && await GetAsync(other, cancellationToken) is null)
        {
            try
            {
                await Table.UpdateEntityAsync(index, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
            }
        }

        await Table.DeleteEntityAsync(SubPartition, TableKeys.Encode(s.Id), ETag.All, cancellationToken);
        return false;
    }

    /// <summary>Replaces a subscriber if it was not changed since read (412 otherwise).</summary>
    public Task UpdateAsync(Subscriber s, CancellationToken cancellationToken = default) =>
        Table.UpdateEntityAsync(ToEntity(s), s.ETag == default(ETag) ? ETag.All : s.ETag, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Writes many subscribers at once (benchmarks and imports): 100 per transaction, in parallel.</summary>
    public async Task BulkAddAsync(IReadOnlyList<Subscriber> subscribers, CancellationToken cancellationToken = default)
    {
        var batches = subscribers.Chunk(100).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (chunk, ct) =>
        {
            await Table.SubmitTransactionAsync(chunk.Select(s => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(s))), ct);
            await Table.SubmitTransactionAsync(
                chunk.Select(s => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(EmailPartition, EmailKey(s.Email)) { ["SubscriberId"] = s.Id })),
                ct);
        });
    }

    /// <summary>Subscribers in a state (and mode), streamed.</summary>
    public async IAsyncEnumerable<Subscriber> ListAsync(SubscriberState state, string? mode = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var word = state.ToWire();
        var filter = mode is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {SubPartition} and State eq {word}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {SubPartition} and State eq {word} and Mode eq {mode}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return FromEntity(e);
        }
    }

    /// <summary>Ids of subscribers that may not be mailed any more (not active), for a last check before a send.</summary>
    public async Task<HashSet<string>> InactiveIdsAsync(CancellationToken cancellationToken = default)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SubPartition} and State ne {SubscriberState.Active.ToWire()}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ids.Add(TableKeys.Decode(e.RowKey));
        }

        return ids;
    }

    /// <summary>
    /// Counts by state word (operator view): every state, even at 0; a row with a word that is no state is counted under that
    /// word (and a row without one under "unknown"), so that the operator sees it.
    /// </summary>
    public async Task<SortedDictionary<string, int>> CountByStateAsync(CancellationToken cancellationToken = default)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var state in WireWords.All<SubscriberState>())
        {
            counts[state] = 0;
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SubPartition}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, select: ["State"], cancellationToken: cancellationToken))
        {
            var st = e.GetString("State") ?? "unknown";
            counts[st] = counts.GetValueOrDefault(st) + 1;
        }

        return counts;
    }

    /// <summary>
    /// Erases a subscriber's personal data: the address, its index and preferences go; digest records go; a tombstone with the
    /// random id stays so that old links and queued deliveries find "erased" and send nothing.
    /// </summary>
    public async Task EraseAsync(Subscriber s, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await Table.UpsertEntityAsync(new TableEntity(SubPartition, TableKeys.Encode(s.Id))
        {
            ["State"] = SubscriberState.Erased.ToWire(),
            ["StateChangedAt"] = now,
        }, TableUpdateMode.Replace, cancellationToken);
        if (s.Email.Length > 0)
        {
            await Table.DeleteEntityAsync(EmailPartition, EmailKey(s.Email), ETag.All, cancellationToken);
        }

        var digestFilter = TableClient.CreateQueryFilter($"PartitionKey eq {DigestPartition(s.Id)}");
        var rows = new List<TableEntity>();
        await foreach (var e in Table.QueryAsync<TableEntity>(digestFilter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(e);
        }

        foreach (var chunk in rows.Chunk(100))
        {
            await Table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken);
        }
    }

    public TableClient RawTable => Table;

    internal static TableEntity ToEntity(Subscriber s) => new(SubPartition, TableKeys.Encode(s.Id))
    {
        ["Email"] = s.Email,
        ["State"] = s.State.ToWire(),
        ["Mode"] = s.Preferences.Mode,
        ["Prefs"] = JsonSerializer.Serialize(s.Preferences, Json),
        ["CreatedAt"] = s.CreatedAt,
        ["ConfirmedAt"] = s.ConfirmedAt,
        ["ConfirmHash"] = s.ConfirmHash,
        ["ConfirmExpiresAt"] = s.ConfirmExpiresAt,
        ["LastMailAt"] = s.LastMailAt,
        ["StateReason"] = s.StateReason,
        ["StateChangedAt"] = s.StateChangedAt,
    };

    internal static Subscriber FromEntity(TableEntity e) => new()
    {
        Id = TableKeys.Decode(e.RowKey),
        Email = e.GetString("Email") ?? "",
        State = e.GetWord("State", SubscriberState.Pending, "Subscriber"),
        Preferences = e.GetString("Prefs") is { Length: > 0 } p ? JsonSerializer.Deserialize<SubscriptionPreferences>(p, Json) ?? new() : new(),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        ConfirmedAt = e.GetDateTimeOffset("ConfirmedAt"),
        ConfirmHash = e.GetString("ConfirmHash"),
        ConfirmExpiresAt = e.GetDateTimeOffset("ConfirmExpiresAt"),
        LastMailAt = e.GetDateTimeOffset("LastMailAt"),
        StateReason = e.GetString("StateReason"),
        StateChangedAt = e.GetDateTimeOffset("StateChangedAt"),
        ETag = e.ETag,
    };
}
