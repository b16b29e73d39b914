using System.Buffers.Text;

namespace Alerts.Core.Access;

/// <summary>
/// API keys in the apikeys table, partition "key", row = key id. A key reads <c>epa_{id}_{secret}</c> and a feed token
/// <c>epf_{id}_{secret}</c>: the id selects the row in one point read, and only the SHA-256 of each (256 random bits,
/// so a plain hash suffices) is stored and compared in constant time.
/// </summary>
public sealed class ApiKeyStore(AlertsStorage storage, TimeProvider time)
{
    public const string Partition = "key";
    public const string KeyPrefix = "epa_";
    public const string FeedTokenPrefix = "epf_";
    private const int IdLength = 16;

    private TableClient Table => storage.Table(StorageNames.ApiKeys);

    /// <summary>Checks a new key's fields; null when valid, otherwise a message that names the field.</summary>
    public string? Validate(NewApiKey key)
    {
        if (string.IsNullOrWhiteSpace(key.Name) || key.Name.Length > 100 || key.Name.Any(char.IsControl))
        {
            return "name is required: 1 to 100 characters, no control characters.";
        }

        if (!Roles.All.Contains(key.Role, StringComparer.Ordinal))
        {
            return $"role must be one of {string.Join(", ", Roles.All)}.";
        }

        if (key.TeamId is not null)
        {
            if (key.Role != Roles.Team)
            {
                return "team applies only to keys with the team role.";
            }

            if (key.TeamId.Length is 0 or > 64 || !key.TeamId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return "team must be 1 to 64 letters, digits, '-', '_' or '.'.";
            }
        }

        if (key.ExpiresAt is { } e && e <= time.GetUtcNow())
        {
            return "expiresAt must be in the future.";
        }

        return null;
    }

    /// <summary>Creates a key (validated first; throws <see cref="ArgumentException"/> with the message otherwise).</summary>
    public async Task<CreatedApiKey> CreateAsync(NewApiKey key, CancellationToken cancellationToken = default)
    {
        if (Validate(key) is { } error)
        {
            throw new ArgumentException(error, nameof(key));
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));
        var secret = KeyPrefix + id + "_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var feedToken = FeedTokenPrefix + id + "_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var info = new ApiKeyInfo(id, key.Name.Trim(), key.Role, key.Role == Roles.Team ? key.TeamId ?? id : null,
            time.GetUtcNow(), key.ExpiresAt?.ToUniversalTime(), null, secret[..(KeyPrefix.Length + 8)]);
        var entity = new TableEntity(Partition, id)
        {
            ["Name"] = info.Name,
            ["Role"] = info.Role,
            ["TeamId"] = info.TeamId,
            ["CreatedAt"] = info.CreatedAt,
            ["ExpiresAt"] = info.ExpiresAt,
            ["KeyHash"] = Hash(secret),
            ["FeedTokenHash"] = Hash(feedToken),
            ["Prefix"] = info.Prefix,
        };
        await Table.AddEntityAsync(entity, cancellationToken);
        return new CreatedApiKey(info, secret, feedToken);
    }

    /// <summary>Every key (revoked and expired ones too), newest first.</summary>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<ApiKeyInfo>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(ToInfo(e));
        }

        return [.. list.OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)];
    }

    /// <summary>A key by id, or null.</summary>
    public async Task<ApiKeyInfo?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsId(id))
        {
            return null;
        }

        var e = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return e.HasValue ? ToInfo(e.Value!) : null;
    }

    /// <summary>Revokes a key: it stops working at once and stays listed. False when there is no such key.</summary>
    public async Task<ApiKeyInfo?> RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsId(id))
        {
            return null;
        }

        var e = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        if (!e.HasValue)
        {
            return null;
        }

        var entity = e.Value!;
        if (entity.GetDateTimeOffset("RevokedAt") is null)
        {
            entity["RevokedAt"] = time.GetUtcNow();
            await Table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }

        return ToInfo(entity);
    }

    /// <summary>The caller a key belongs to, or null when it is malformed, unknown, revoked or expired.</summary>
    public Task<ApiCaller?> AuthenticateKeyAsync(string key, CancellationToken cancellationToken = default) =>
        AuthenticateAsync(key, KeyPrefix, "KeyHash", cancellationToken);

    /// <summary>The caller a feed token belongs to (only the Atom feed accepts these), or null.</summary>
    public Task<ApiCaller?> AuthenticateFeedTokenAsync(string token, CancellationToken cancellationToken = default) =>
        AuthenticateAsync(token, FeedTokenPrefix, "FeedTokenHash", cancellationToken);

    private async Task<ApiCaller?> AuthenticateAsync(string presented, string prefix, string hashColumn, CancellationToken cancellationToken)
    {
        if (presented.Length < prefix.Length + IdLength + 2 || presented.Length > 200 || !presented.StartsWith(prefix, StringComparison.Ordinal)
            || presented[prefix.Length + IdLength] != '_')
        {
            return null;
        }

        var id = presented.Substring(prefix.Length, IdLength);
        if (!IsId(id))
        {
            return null;
        }

        var e = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        if (!e.HasValue || e.Value!.GetString(hashColumn) is not { } stored)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(Hash(presented))))
        {
            return null;
        }

        var info = ToInfo(e.Value!);
        return info.StatusAt(time.GetUtcNow()) == "active" ? new ApiCaller(info.Id, info.Name, info.Role, info.TeamId) : null;
    }

    internal static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static bool IsId(string id) => id.Length == IdLength && id.All(char.IsAsciiHexDigitLower);

    private static ApiKeyInfo ToInfo(TableEntity e) => new(
        e.RowKey,
        e.GetString("Name") ?? "",
        e.GetString("Role") ?? "",
        e.GetString("TeamId"),
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("ExpiresAt"),
        e.GetDateTimeOffset("RevokedAt"),
        e.GetString("Prefix") ?? "");

    internal static string Describe(ApiKeyInfo k, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{k.Id} {k.Role} {k.StatusAt(now)} {k.Name}");
}
