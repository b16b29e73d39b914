using Alerts.Core.Delivery;
using Alerts.Core.Email;

namespace Alerts.Core.Webhooks;

/// <summary>
/// Table <c>teamnotices</c> (PartitionKey = team id, newest first): what a team must be told. With a contact address and
/// e-mail enabled, the notice is also e-mailed to the team's contact (the row records whether it was sent).
/// </summary>
public sealed partial class TeamNotices(AlertsStorage storage, EmailSender email, IOptions<SendGridOptions> emailOptions, ILogger<TeamNotices> logger)
{
    public const string EndpointDisabled = "webhook-disabled";

    public async Task AddAsync(TeamNotice notice, string? contactEmail = null, CancellationToken cancellationToken = default)
    {
        var sent = false;
        if (contactEmail is { Length: > 0 } && emailOptions.Value.Enabled)
        {
            var text = notice.Message;
            var content = new EmailContent(
                "Export-policy alerts: " + (notice.Kind == EndpointDisabled ? "a webhook endpoint was disabled" : notice.Kind),
                "<p>" + System.Net.WebUtility.HtmlEncode(text) + "</p>",
                text);
            var recipient = new EmailRecipient(contactEmail, new Dictionary<string, string>(),
                new Dictionary<string, string> { ["team"] = notice.TeamId, ["target"] = notice.TargetId }, new Dictionary<string, string>());
            var outcome = await email.SendAsync(content, [recipient], ["team-notice"], new Dictionary<string, string>(), cancellationToken);
            sent = outcome.Status == SendStatus.Accepted;
        }

        var row = DeliveryLedger.Ticks(notice.At) + ":" + notice.Kind + ":" + notice.TargetId;
        await storage.Table(StorageNames.TeamNotices).UpsertEntityAsync(new TableEntity(TableKeys.Encode(notice.TeamId), row)
        {
            ["TeamId"] = notice.TeamId,
            ["Kind"] = notice.Kind,
            ["TargetId"] = notice.TargetId,
            ["Message"] = notice.Message,
            ["At"] = notice.At,
            ["Sent"] = sent,
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
