using Alerts.Core.Delivery;

namespace Alerts.Core.Webhooks;

/// <summary>
/// Table <c>webhooks</c>: partition <see cref="EndpointPartition"/> holds every endpoint (RowKey = endpoint id: team id, URL,
/// format, filters, secrets), so dispatch and the team listing read one partition, however long the attempt logs grow;
/// partition = endpoint id holds that endpoint's attempt log (RowKeys "a:&lt;inverted time&gt;:&lt;attempt&gt;:&lt;random&gt;",
/// newest first), kept for <see cref="AttemptRetention"/>.
/// </summary>
public sealed class WebhookStore(AlertsStorage storage)
{
    /// <summary>The partition of the endpoints. Endpoint ids start with "wh_", so no attempt partition is this one.</summary>
    public const string EndpointPartition = "!ep";

    /// <summary>Where an endpoint was kept before: its own partition, this RowKey (moved by <see cref="MoveLegacyEndpointsAsync"/>).</summary>
    public const string EndpointRow = "endpoint";

    /// <summary>How long an attempt stays in an endpoint's delivery log (the Reconcile job expires older ones).</summary>
    public static readonly TimeSpan AttemptRetention = TimeSpan.FromDays(30);

    private const string MovedMarker = "~moved";

    private volatile bool _moved;
    private static readonly System.Buffers.SearchValues<char> IdChars = System.Buffers.SearchValues.Create("0123456789abcdef");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private TableClient Table => storage.Table(StorageNames.Webhooks);

    public static string NewId() => "wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    internal async Task AddAsync(StoredEndpoint stored, CancellationToken cancellationToken = default) =>
        await Table.AddEntityAsync(ToEntity(stored), cancellationToken);

    /// <summary>
    /// Stores a new endpoint with a new signing secret and returns the secret, which is shown once and never again. The
    /// caller has checked the endpoint (its URL through the <see cref="SsrfGuard"/>).
    /// </summary>
    public async Task<string> CreateAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken = default)
    {
        var secret = WebhookSigner.NewSecret();
        await AddAsync(new StoredEndpoint(endpoint, secret, null, default), cancellationToken);
        return secret;
    }

    internal async Task<StoredEndpoint?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsId(id))
        {
            return null;
        }

        await EnsureMovedAsync(cancellationToken);
        var r = await Table.GetEntityIfExistsAsync<TableEntity>(EndpointPartition, id, cancellationToken: cancellationToken);
        return r.HasValue ? FromEntity(r.Value!) : null;
    }

    /// <summary>The endpoint when it belongs to the team; null otherwise (another team's endpoint does not exist for it).</summary>
    internal async Task<StoredEndpoint?> GetForTeamAsync(string id, string teamId, CancellationToken cancellationToken = default)
    {
        var s = await GetAsync(id, cancellationToken);
        return s is not null && s.Endpoint.TeamId == teamId ? s : null;
    }

    public async Task<List<WebhookEndpoint>> ListForTeamAsync(string teamId, CancellationToken cancellationToken = default)
    {
        await EnsureMovedAsync(cancellationToken);
        var list = new List<WebhookEndpoint>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {EndpointPartition} and TeamId eq {teamId}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(FromEntity(e).Endpoint);
        }

        return [.. list.OrderBy(e => e.CreatedAt)];
    }

    internal async IAsyncEnumerable<StoredEndpoint> EnabledAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureMovedAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {EndpointPartition} and Enabled eq {true}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return FromEntity(e);
        }
    }

    /// <summary>Replaces the endpoint if unchanged since read; false on a concurrent change.</summary>
    internal async Task<bool> TryReplaceAsync(StoredEndpoint stored, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.UpdateEntityAsync(ToEntity(stored), stored.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Disables the endpoint (410, schedule exhausted). Returns true if this call disabled it.</summary>
    internal async Task<bool> DisableAsync(string id, string reason, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < 5; i++)
        {
            var s = await GetAsync(id, cancellationToken);
            if (s is null || !s.Endpoint.Enabled)
            {
                return false;
            }

            if (await TryReplaceAsync(s with { Endpoint = s.Endpoint with { Enabled = false, DisabledReason = reason, UpdatedAt = now } }, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.DeleteEntityAsync(EndpointPartition, id, ETag.All, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    public async Task AddAttemptAsync(string endpointId, WebhookAttempt a, CancellationToken cancellationToken = default)
    {
        // Newest first; within one instant the later attempt first.
        var row = "a:" + DeliveryLedger.Ticks(a.At) + ":" +
            (9999 - Math.Clamp(a.Attempt, 0, 9999)).ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + ":" +
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        await Table.AddEntityAsync(new TableEntity(endpointId, row)
        {
            ["DeliveryId"] = a.DeliveryId,
            ["ChangeId"] = a.ChangeId,
            ["Attempt"] = a.Attempt,
            ["WebhookId"] = a.WebhookId,
            ["At"] = a.At,
            ["Success"] = a.Success,
            ["StatusCode"] = a.StatusCode,
            ["DurationMs"] = a.DurationMs,
            ["Error"] = EntityText.Error(a.Error),
            ["ResponseExcerpt"] = a.ResponseExcerpt,
            ["Outcome"] = a.Outcome,
        }, cancellationToken);
    }

    public async Task<List<WebhookAttempt>> AttemptsAsync(string endpointId, int max, CancellationToken cancellationToken = default)
    {
        var list = new List<WebhookAttempt>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {endpointId} and RowKey ge {"a:"} and RowKey lt {"a;"}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            list.Add(new WebhookAttempt(
                e.GetString("DeliveryId") ?? "",
                e.GetString("ChangeId"),
                e.GetInt32("Attempt") ?? 0,
                e.GetString("WebhookId") ?? "",
                e.GetDateTimeOffset("At") ?? default,
                e.GetBoolean("Success") ?? false,
                e.GetInt32("StatusCode"),
                e.GetInt64("DurationMs") ?? 0,
                e.GetString("Error"),
                e.GetString("ResponseExcerpt"),
                e.GetString("Outcome") ?? ""));
            if (list.Count >= max)
            {
                break;
            }
        }

        return list;
    }

    /// <summary>
    /// Deletes the attempts of an endpoint's log older than <paramref name="cutoff"/> (one partition query, deletes in
    /// transactions of 100). Returns how many.
    /// </summary>
    public async Task<int> ExpireAttemptsAsync(string endpointId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        // Rows are newest first (inverted ticks): everything after "a:<ticks of the cutoff>;" is older.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {endpointId} and RowKey gt {"a:" + DeliveryLedger.Ticks(cutoff) + ";"} and RowKey lt {"a;"}");
        var keys = new List<TableEntity>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(e);
        }

        foreach (var chunk in keys.Chunk(100))
        {
            await Table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken);
        }

        return keys.Count;
    }

    /// <summary>Ids of every endpoint (enabled or not), from the endpoints' partition.</summary>
    public async Task<List<string>> AllIdsAsync(CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {EndpointPartition}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (IsId(e.RowKey))
            {
                ids.Add(e.RowKey);
            }
        }

        return ids;
    }

    /// <summary>
    /// Before this process's first read of endpoints, the move of <see cref="MoveLegacyEndpointsAsync"/> (one point read once
    /// it is done), so after an upgrade no endpoint goes unlisted or undelivered until the Reconcile job has run.
    /// </summary>
    private async Task EnsureMovedAsync(CancellationToken cancellationToken)
    {
        if (_moved)
        {
            return;
        }

        await MoveLegacyEndpointsAsync(cancellationToken);
        _moved = true;
    }

    /// <summary>
    /// Moves endpoints stored the old way (their own partition, RowKey "endpoint") into <see cref="EndpointPartition"/>:
    /// one table scan, then never again (a marker row says it is done). Returns how many were moved.
    /// </summary>
    public async Task<int> MoveLegacyEndpointsAsync(CancellationToken cancellationToken = default)
    {
        if ((await Table.GetEntityIfExistsAsync<TableEntity>(EndpointPartition, MovedMarker, ["RowKey"], cancellationToken)).HasValue)
        {
            return 0;
        }

        var moved = 0;
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {EndpointRow}"), cancellationToken: cancellationToken))
        {
            var stored = FromEntity(e);
            await Table.UpsertEntityAsync(ToEntity(stored), TableUpdateMode.Replace, cancellationToken);
            await Table.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, cancellationToken);
            moved++;
        }

        await Table.UpsertEntityAsync(new TableEntity(EndpointPartition, MovedMarker), TableUpdateMode.Replace, cancellationToken);
        return moved;
    }

    /// <summary>Endpoint ids are ours: "wh_" and 20 hex digits. Anything else is not found without a storage call.</summary>
    public static bool IsId(string? id) =>
        id is { Length: 23 } && id.StartsWith("wh_", StringComparison.Ordinal) && id.AsSpan(3).IndexOfAnyExcept(IdChars) < 0;

    private static TableEntity ToEntity(StoredEndpoint s)
    {
        var ep = s.Endpoint;
        return new TableEntity(EndpointPartition, ep.Id)
        {
            ["TeamId"] = ep.TeamId,
            ["Url"] = ep.Url,
            ["Format"] = ep.Format,
            ["Filters"] = JsonSerializer.Serialize(ep.Filters, Json),
            ["Description"] = ep.Description,
            ["ContactEmail"] = ep.ContactEmail,
            ["Enabled"] = ep.Enabled,
            ["DisabledReason"] = ep.DisabledReason,
            ["CreatedAt"] = ep.CreatedAt,
            ["UpdatedAt"] = ep.UpdatedAt,
            ["SecretRotatedAt"] = ep.SecretRotatedAt,
            ["PreviousSecretExpiresAt"] = ep.PreviousSecretExpiresAt,
            ["Secret"] = s.Secret,
            ["PreviousSecret"] = s.PreviousSecret,
        };
    }

    private static StoredEndpoint FromEntity(TableEntity e) => new(
        new WebhookEndpoint
        {
            Id = e.PartitionKey == EndpointPartition ? e.RowKey : e.PartitionKey,
            TeamId = e.GetString("TeamId") ?? "",
            Url = e.GetString("Url") ?? "",
            Format = e.GetString("Format") ?? WebhookFormats.Standard,
            Filters = JsonSerializer.Deserialize<TeamFilters>(e.GetString("Filters") ?? "{}", Json) ?? new TeamFilters(),
            Description = e.GetString("Description"),
            ContactEmail = e.GetString("ContactEmail"),
            Enabled = e.GetBoolean("Enabled") ?? true,
            DisabledReason = e.GetString("DisabledReason"),
            CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
            UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
            SecretRotatedAt = e.GetDateTimeOffset("SecretRotatedAt"),
            PreviousSecretExpiresAt = e.GetDateTimeOffset("PreviousSecretExpiresAt"),
        },
        e.GetString("Secret") ?? "",
        e.GetString("PreviousSecret"),
        e.ETag);
}
