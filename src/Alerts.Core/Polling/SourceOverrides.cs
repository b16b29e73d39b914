using Alerts.Core.Sources;

namespace Alerts.Core.Polling;

/// <summary>
/// Operator overrides of the catalog (enable or disable a source) and sources operators added, kept in the
/// <c>sources</c> table under their own partitions so a poll that rewrites a source's state never loses them. Applied
/// over the catalog by the scheduler, the poller, <c>alerts sources</c> and the sources API.
/// </summary>
public sealed partial class SourceOverrides(AlertsStorage storage, SourceCatalog catalog, IEnumerable<ISourceAdapter> adapters, TimeProvider time)
{
    private const string Partition = "override";
    private const string Definitions = "definition";

    /// <summary>Reads the operator-added sources into the catalog.</summary>
    public async Task RefreshCatalogAsync(CancellationToken cancellationToken = default)
    {
        var added = new List<SourceDefinition>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Definitions}"), cancellationToken: cancellationToken))
        {
            if (e.GetString("Definition") is { } json && JsonSerializer.Deserialize<SourceDefinition>(json, DefinitionJson) is { } def)
            {
                added.Add(def);
            }
        }

        catalog.SetAdded(added);
    }

    /// <summary>Adds a source. Returns an error message (and stores nothing) when the definition is not valid.</summary>
    public async Task<string?> AddSourceAsync(SourceDefinition definition, CancellationToken cancellationToken = default)
    {
        await RefreshCatalogAsync(cancellationToken);
        if (Validate(definition) is { } error)
        {
            return error;
        }

        var e = new TableEntity(Definitions, TableKeys.Encode(definition.Id))
        {
            ["Definition"] = JsonSerializer.Serialize(definition, DefinitionJson),
            ["AddedAt"] = time.GetUtcNow(),
        };
        try
        {
            await Table.AddEntityAsync(e, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return $"id: a source '{definition.Id}' exists already.";
        }

        await RefreshCatalogAsync(cancellationToken);
        return null;
    }

    /// <summary>Removes an operator-added source; false when there is none with that id (catalog sources cannot be removed, only disabled).</summary>
    public async Task<bool> RemoveSourceAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.DeleteEntityAsync(Definitions, TableKeys.Encode(id), ETag.All, cancellationToken);
            await RefreshCatalogAsync(cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    private string? Validate(SourceDefinition d)
    {
        if (!IdPattern().IsMatch(d.Id ?? ""))
        {
            return "id: 2 to 63 lower-case letters, digits and dashes, starting with a letter or digit.";
        }

        if (catalog.Find(d.Id!) is not null)
        {
            return $"id: a source '{d.Id}' exists already.";
        }

        var kinds = adapters.Select(a => a.Kind).Order(StringComparer.Ordinal).ToList();
        if (!kinds.Contains(d.Kind, StringComparer.Ordinal))
        {
            return $"kind: '{d.Kind}' is not a source kind; known kinds: {string.Join(", ", kinds)}.";
        }

        if (!Uri.TryCreate(d.DefaultBaseUrl, UriKind.Absolute, out var origin) || (origin.Scheme != Uri.UriSchemeHttps && origin.Scheme != Uri.UriSchemeHttp) || origin.PathAndQuery != "/")
        {
            return "baseUrl: an absolute http or https origin (scheme, host and port only), e.g. https://example.gov.";
        }

        if (d.IntervalMinutes is < 1 or > 7 * 24 * 60)
        {
            return "intervalMinutes: from 1 to 10080.";
        }

        return d.Settings.Count > 50 || d.Settings.Any(kv => kv.Key.Length > 100 || kv.Value.Length > 2000) ? "settings: at most 50, keys up to 100 and values up to 2,000 characters." : null;
    }

    private static readonly JsonSerializerOptions DefinitionJson = new(JsonSerializerDefaults.Web);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex IdPattern();

    private TableClient Table => storage.Table(StorageNames.Sources);

    public async Task SetEnabledAsync(string sourceId, bool enabled, CancellationToken cancellationToken = default)
    {
        var e = new TableEntity(Partition, TableKeys.Encode(sourceId))
        {
            ["SourceId"] = sourceId,
            ["Enabled"] = enabled,
            ["ChangedAt"] = time.GetUtcNow(),
        };
        await Table.UpsertEntityAsync(e, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Source id -> enabled, for every source an operator overrode.</summary>
    public async Task<Dictionary<string, bool>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        var map = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            if (e.GetBoolean("Enabled") is { } enabled)
            {
                map[e.GetString("SourceId") ?? TableKeys.Decode(e.RowKey)] = enabled;
            }
        }

        return map;
    }
}
