using Alerts.Core.Delivery;
using Alerts.Core.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Webhooks;

/// <summary>A message for a team about its targets (an endpoint disabled, ...).</summary>
public sealed record TeamNotice(string TeamId, string Kind, string TargetId, string Message, DateTimeOffset At);

/// <summary>
/// Table <c>teamnotices</c> (PartitionKey = team id, newest first): what a team must be told. The e-mail channel (another
/// component) sends these to the team's contact; until it does, the row and a warning log are the record.
/// </summary>
public sealed partial class TeamNotices(AlertsStorage storage, ILogger<TeamNotices> logger)
{
    public const string EndpointDisabled = "webhook-disabled";

    public async Task AddAsync(TeamNotice notice, CancellationToken cancellationToken = default)
    {
        var row = DeliveryLedger.Ticks(notice.At) + ":" + notice.Kind + ":" + notice.TargetId;
        await storage.Table(StorageNames.TeamNotices).UpsertEntityAsync(new TableEntity(TableKeys.Encode(notice.TeamId), row)
        {
            ["TeamId"] = notice.TeamId,
            ["Kind"] = notice.Kind,
            ["TargetId"] = notice.TargetId,
            ["Message"] = notice.Message,
            ["At"] = notice.At,
            ["Sent"] = false,
        }, TableUpdateMode.Replace, cancellationToken);
        LogNotice(logger, notice.TeamId, notice.Kind, notice.TargetId, notice.Message);
    }

    public async Task<List<TeamNotice>> ListAsync(string teamId, CancellationToken cancellationToken = default)
    {
        var list = new List<TeamNotice>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(teamId)}");
        await foreach (var e in storage.Table(StorageNames.TeamNotices).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(new TeamNotice(e.GetString("TeamId") ?? teamId, e.GetString("Kind") ?? "", e.GetString("TargetId") ?? "", e.GetString("Message") ?? "", e.GetDateTimeOffset("At") ?? default));
        }

        return list;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Team {TeamId} notified ({Kind}, {TargetId}): {Message}")]
    private static partial void LogNotice(ILogger logger, string teamId, string kind, string targetId, string message);
}
