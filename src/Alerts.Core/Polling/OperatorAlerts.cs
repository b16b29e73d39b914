namespace Alerts.Core.Polling;

/// <summary>
/// Alerts to operators, recorded in the <c>operatoralerts</c> table (partition = source) and logged at error level.
/// The poller raises one when a source reaches the failure threshold and one when it recovers, never one per failed poll.
/// </summary>
public sealed partial class OperatorAlerts(AlertsStorage storage, TimeProvider time, ILogger<OperatorAlerts> logger)
{
    public const string Failing = "failing";
    public const string Recovered = "recovered";

    private TableClient Table => storage.Table(StorageNames.OperatorAlerts);

    /// <summary>A source has failed <paramref name="failures"/> times in a row.</summary>
    public Task RaiseFailingAsync(string sourceId, int failures, string error, CancellationToken cancellationToken = default)
    {
        LogFailing(logger, sourceId, failures, error);
        return RecordAsync(new OperatorAlert(sourceId, Failing, time.GetUtcNow(), failures, error), cancellationToken);
    }

    /// <summary>A source that had been reported failing succeeded again.</summary>
    public Task RaiseRecoveredAsync(string sourceId, int failures, CancellationToken cancellationToken = default)
    {
        LogRecovered(logger, sourceId, failures);
        return RecordAsync(new OperatorAlert(sourceId, Recovered, time.GetUtcNow(), failures, null), cancellationToken);
    }

    /// <summary>Alerts, newest first; of one source when <paramref name="sourceId"/> is given.</summary>
    public async Task<List<OperatorAlert>> ListAsync(string? sourceId = null, CancellationToken cancellationToken = default)
    {
        var filter = sourceId is null ? null : TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(sourceId)}");
        var list = new List<OperatorAlert>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(new OperatorAlert(e.GetString("SourceId") ?? TableKeys.Decode(e.PartitionKey), e.GetString("Kind") ?? "", e.GetDateTimeOffset("At") ?? default,
                e.GetInt32("Failures") ?? 0, e.GetString("Error")));
        }

        return [.. list.OrderByDescending(a => a.At)];
    }

    private async Task RecordAsync(OperatorAlert alert, CancellationToken cancellationToken)
    {
        // Row key: inverted ticks so the newest sorts first, plus the kind.
        var row = (DateTimeOffset.MaxValue.UtcTicks - alert.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + alert.Kind;
        var e = new TableEntity(TableKeys.Encode(alert.SourceId), row)
        {
            ["SourceId"] = alert.SourceId,
            ["Kind"] = alert.Kind,
            ["At"] = alert.At,
            ["Failures"] = alert.Failures,
            ["Error"] = EntityText.Error(alert.Error),
        };
        await Table.UpsertEntityAsync(e, TableUpdateMode.Replace, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "OPERATOR ALERT: source {SourceId} has failed {Failures} times in a row; last error: {Error}")]
    private static partial void LogFailing(ILogger logger, string sourceId, int failures, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OPERATOR ALERT: source {SourceId} recovered after {Failures} failures")]
    private static partial void LogRecovered(ILogger logger, string sourceId, int failures);
}
