using Alerts.Core.Sources;

namespace Alerts.Core.Polling;

/// <summary>The <c>sources</c> table: one row per source.</summary>
public sealed class SourceStateStore(AlertsStorage storage)
{
    private const string Partition = "source";

    private TableClient Table => storage.Table(StorageNames.Sources);

    public async Task<SourceState> GetAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        var e = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKeys.Encode(sourceId), cancellationToken: cancellationToken);
        return e.HasValue ? FromEntity(e.Value!) : new SourceState { SourceId = sourceId };
    }

    public async Task<Dictionary<string, SourceState>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        var map = new Dictionary<string, SourceState>(StringComparer.OrdinalIgnoreCase);
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            var s = FromEntity(e);
            map[s.SourceId] = s;
        }

        return map;
    }

    /// <summary>Writes the state; with <paramref name="ifMatch"/>, only when nobody changed it since it was read (returns false then).</summary>
    public async Task<bool> SaveAsync(SourceState state, bool ifMatch = false, CancellationToken cancellationToken = default)
    {
        var e = new TableEntity(Partition, TableKeys.Encode(state.SourceId))
        {
            ["SourceId"] = state.SourceId,
            ["Cursor"] = state.Cursor,
            ["Validators"] = JsonSerializer.Serialize(state.Validators),
            ["BaselineRecorded"] = state.BaselineRecorded,
            ["LastAttemptAt"] = state.LastAttemptAt,
            ["LastSuccessAt"] = state.LastSuccessAt,
            ["ConsecutiveFailures"] = state.ConsecutiveFailures,
            ["LastError"] = EntityText.Error(state.LastError),
            ["NextDueAt"] = state.NextDueAt,
            ["FailureAlerted"] = state.FailureAlerted,
            ["SuspectFingerprint"] = state.SuspectFingerprint,
            ["SuspectConfirmed"] = state.SuspectConfirmed,
        };
        try
        {
            if (ifMatch && state.ETag != default)
            {
                await Table.UpdateEntityAsync(e, state.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            else if (ifMatch)
            {
                await Table.AddEntityAsync(e, cancellationToken);
            }
            else
            {
                await Table.UpsertEntityAsync(e, TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ifMatch && ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private static SourceState FromEntity(TableEntity e) => new()
    {
        SourceId = e.GetString("SourceId") ?? TableKeys.Decode(e.RowKey),
        Cursor = e.GetString("Cursor"),
        Validators = JsonSerializer.Deserialize<Dictionary<string, Validators>>(e.GetString("Validators") ?? "{}") ?? new(StringComparer.Ordinal),
        BaselineRecorded = e.GetBoolean("BaselineRecorded") ?? false,
        LastAttemptAt = e.GetDateTimeOffset("LastAttemptAt"),
        LastSuccessAt = e.GetDateTimeOffset("LastSuccessAt"),
        ConsecutiveFailures = e.GetInt32("ConsecutiveFailures") ?? 0,
        LastError = e.GetString("LastError"),
        NextDueAt = e.GetDateTimeOffset("NextDueAt"),
        FailureAlerted = e.GetBoolean("FailureAlerted") ?? false,
        SuspectFingerprint = e.GetString("SuspectFingerprint"),
        SuspectConfirmed = e.GetBoolean("SuspectConfirmed") ?? false,
        ETag = e.ETag,
    };
}
