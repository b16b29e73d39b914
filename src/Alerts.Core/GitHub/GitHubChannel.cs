using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;
using Alerts.Core.Telemetry;
using Alerts.Core.Webhooks;
using Octokit;

namespace Alerts.Core.GitHub;

/// <summary>
/// Opens a GitHub issue for the first change of a story and comments on it for later changes. The issue is found again by
/// a hidden marker in its body (<c>&lt;!-- alerts-story: ID --&gt;</c>) among the repository's issues with our label, so losing
/// the local record (a restart, another install) does not open a second issue. Rate-limit answers (403/429 with
/// x-ratelimit-reset or retry-after) are waited out by re-queueing the same attempt with a delay.
/// </summary>
public sealed partial class GitHubChannel(
    GitHubTargetStore targets,
    DeliveryLedger ledger,
    DeliveryChanges deliveryChanges,
    QueueSender queues,
    GitHubClientFactory clients,
    IOptions<GitHubOptions> options,
    IOptions<AlertsOptions> alertsOptions,
    TimeProvider time,
    ILogger<GitHubChannel> logger) : IDeliveryChannel
{
    public const string Name = "github";
    public const string AlertsLabel = "export-policy-alerts";
    /// <summary>The label of an issue opened for a watchlist match.</summary>
    public const string WatchlistMatchLabel = "watchlist-match";

    private readonly Lazy<GitHubClient> _client = new(() => clients.Create(GitHubUse.Issues));

    public string Channel => Name;

    public static string StoryMarker(string storyId) => $"<!-- alerts-story: {storyId} -->";

    public static string ChangeMarker(string changeId) => $"<!-- alerts-change: {changeId} -->";

    public async Task DeliverAsync(DeliverMessage message, CancellationToken cancellationToken = default)
    {
        var (delivery, ignored) = await ledger.PendingForAsync(message, Name, cancellationToken);
        if (delivery is null)
        {
            LogIgnored(logger, message.DeliveryId, ignored!);
            return;
        }

        var (changeId, targetId) = (delivery.ChangeId, delivery.TargetId);
        var target = await targets.GetAsync(targetId, cancellationToken);
        var change = await deliveryChanges.FindAsync(changeId, cancellationToken);
        if (target is null || change is null)
        {
            await ledger.TryUpdateAsync(
                delivery with { Status = DeliveryStatus.Dead, LastError = target is null ? "the GitHub target was deleted" : "the change is not in the log" }, cancellationToken);
            return;
        }

        if (!options.Value.Allows(target.Owner, target.Repository))
        {
            await ledger.TryUpdateAsync(
                delivery with { Status = DeliveryStatus.Dead, LastError = $"{target.Owner}/{target.Repository} is no longer allowed (setting Alerts:GitHub:AllowedRepositories)" },
                cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        try
        {
            if (await SendAsync(target, change, cancellationToken) is not (var number, var url, var how))
            {
                // Another delivery of the story holds the claim to open its issue: not a failed attempt, the same one runs again shortly.
                var wait = TimeSpan.FromSeconds(options.Value.StoryClaimWaitSeconds);
                await RequeueAsync(message, delivery with { NextAttemptAt = now + wait, LastError = "waiting for another delivery to open the story's issue" }, wait, cancellationToken);
                LogStoryBusy(logger, delivery.Id, change.StoryId ?? change.Id, wait);
                return;
            }

            await ledger.TryUpdateAsync(delivery with
            {
                Status = DeliveryStatus.Delivered,
                Attempts = message.Attempt,
                LastAttemptAt = now,
                DeliveredAt = now,
                NextAttemptAt = null,
                LastError = null,
                Data = new GitHubIssueRef(number, url).ToData(),
            }, cancellationToken);
            LogDelivered(logger, delivery.Id, target.Owner, target.Repository, number, how);
            AlertsTelemetry.DeliveryAttempted(Channel, AlertsTelemetry.Outcomes.Delivered, message.Attempt, change.DetectedAt, now);
        }
        catch (ApiException ex) when (RateLimitDelay(ex, now) is { } wait)
        {
            // Not a failed attempt: the same attempt runs again once the limit resets.
            await RequeueAsync(message,
                delivery with { NextAttemptAt = now + wait, LastStatusCode = (int)ex.StatusCode, LastError = $"GitHub rate limit: waiting {wait.TotalSeconds:0} s" }, wait, cancellationToken);
            LogRateLimited(logger, delivery.Id, wait);
        }
        catch (ApiException ex)
        {
            await FailAsync(message, delivery, (int)ex.StatusCode, $"GitHub answered {(int)ex.StatusCode}: {ex.Message}", now, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            await FailAsync(message, delivery, null, "GitHub could not be reached: " + ex.Message, now, cancellationToken);
        }
    }

    /// <summary>Runs the same attempt again after <paramref name="wait"/> (the message first, so a crash in between loses nothing).</summary>
    private async Task RequeueAsync(DeliverMessage message, DeliveryRecord waiting, TimeSpan wait, CancellationToken cancellationToken)
    {
        await queues.SendAsync(StorageNames.DeliverQueue, message, wait, cancellationToken);
        await ledger.TryUpdateAsync(waiting, cancellationToken);
    }

    private async Task FailAsync(DeliverMessage message, DeliveryRecord delivery, int? status, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var next = RetryPolicy.Webhooks(options.Value.RetryJitter).NextDelay(message.Attempt - delivery.ScheduleBase);
        if (next is { } delay)
        {
            await queues.SendAsync(StorageNames.DeliverQueue, message with { Attempt = message.Attempt + 1 }, delay, cancellationToken);
        }

        AlertsTelemetry.DeliveryAttempted(Channel, next is null ? AlertsTelemetry.Outcomes.Dead : AlertsTelemetry.Outcomes.Retry, message.Attempt, null, now);
        await ledger.TryUpdateAsync(delivery with
        {
            Status = next is null ? DeliveryStatus.Dead : DeliveryStatus.Pending,
            Attempts = message.Attempt,
            LastAttemptAt = now,
            NextAttemptAt = next is { } d ? now + d : null,
            LastStatusCode = status,
            LastError = error,
        }, cancellationToken);
        LogFailed(logger, delivery.Id, status ?? 0, error);
    }

    /// <summary>Opens the story's issue or comments on it; null when another delivery is opening the story's issue right now.</summary>
    private async Task<(int Number, string Url, string How)?> SendAsync(GitHubTarget target, ChangeRecord change, CancellationToken cancellationToken)
    {
        var client = _client.Value;
        var story = change.StoryId ?? change.Id;
        var row = await targets.FindStoryAsync(target.Id, story, cancellationToken);
        Issue? issue = null;
        if (row?.IssueNumber is null)
        {
            if (await OpenOnceAsync(client, target, change, story, row, cancellationToken) is not (var found, var opened))
            {
                return null;
            }

            if (opened)
            {
                return (found.Number, found.HtmlUrl, "opened");
            }

            issue = found;
        }

        var number = row?.IssueNumber ?? issue!.Number;
        issue ??= await client.Issue.Get(target.Owner, target.Repository, number);
        if (issue is not null && issue.Body?.Contains(ChangeMarker(change.Id), StringComparison.Ordinal) == true)
        {
            return (number, issue.HtmlUrl, "already opened");
        }

        // A crash between posting a comment and recording it must not post it twice: look for the change's marker first.
        var marker = ChangeMarker(change.Id);
        var existing = await client.Issue.Comment.GetAllForIssue(target.Owner, target.Repository, number, new ApiOptions { PageSize = 100, PageCount = 10, StartPage = 1 });
        if (existing.FirstOrDefault(c => c.Body?.Contains(marker, StringComparison.Ordinal) == true) is { } posted)
        {
            return (number, posted.HtmlUrl, "already commented");
        }

        var comment = await client.Issue.Comment.Create(target.Owner, target.Repository, number, CommentBody(change));
        return (number, comment.HtmlUrl, "commented");
    }

    /// <summary>
    /// Finds or opens the story's issue, so that one issue is opened per story and target even when its changes are delivered
    /// at the same moment or a worker dies halfway. Only the delivery holding the claim on the story's row may open: the claim
    /// is an insert of the row (the first one wins) or, when the claim is older than the lease (its holder died), a take-over
    /// conditional on the row's ETag. The holder then searches by marker (its predecessor may have died after creating),
    /// renews the claim (the search may be slow: only the create itself must fit in the lease), creates, and records the
    /// number on its claimed row. Null when another delivery holds a live claim or won the race for it.
    /// </summary>
    private async Task<(Issue Issue, bool Opened)?> OpenOnceAsync(GitHubClient client, GitHubTarget target, ChangeRecord change, string story, StoryRow? row, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lease = TimeSpan.FromSeconds(options.Value.StoryClaimLeaseSeconds);
        if (row is not null && row.ClaimedAt is { } claimedAt && now - claimedAt < lease)
        {
            return null;
        }

        var claim = row is null
            ? await targets.TryClaimStoryAsync(target.Id, story, change.Id, now, cancellationToken)
            : await targets.TryTakeOverStoryAsync(target.Id, story, change.Id, now, row.ETag, cancellationToken);
        if (claim is not { } etag)
        {
            return null;
        }

        if (row is not null)
        {
            LogClaimTakenOver(logger, story, target.Id, row.ClaimedBy ?? "", row.ClaimedAt, change.Id);
        }

        var issue = await FindByMarkerAsync(client, target, story);
        var opened = false;
        if (issue is null)
        {
            if (await targets.TryTakeOverStoryAsync(target.Id, story, change.Id, time.GetUtcNow(), etag, cancellationToken) is not { } renewed)
            {
                return null;
            }

            etag = renewed;
            var created = new NewIssue(Cut($"[{change.Severity.ToWire()}] {change.Title}", 250)) { Body = IssueBody(change, story) };
            foreach (var label in Labels(target, change))
            {
                created.Labels.Add(label);
            }

            issue = await client.Issue.Create(target.Owner, target.Repository, created);
            opened = true;
        }

        if (!await targets.TryRecordStoryIssueAsync(target.Id, story, issue.Number, etag, cancellationToken))
        {
            // Our claim outlived its lease and was taken over; the taker's marker search finds this issue.
            LogClaimLost(logger, story, target.Id, change.Id, issue.Number);
        }

        return (issue, opened);
    }

    private static async Task<Issue?> FindByMarkerAsync(GitHubClient client, GitHubTarget target, string story)
    {
        var request = new RepositoryIssueRequest { State = ItemStateFilter.All, Filter = IssueFilter.All };
        request.Labels.Add(AlertsLabel);
        var issues = await client.Issue.GetAllForRepository(target.Owner, target.Repository, request, new ApiOptions { PageSize = 100, PageCount = 10, StartPage = 1 });
        var marker = StoryMarker(story);
        return issues.FirstOrDefault(i => i.PullRequest is null && i.Body?.Contains(marker, StringComparison.Ordinal) == true);
    }

    private static IEnumerable<string> Labels(GitHubTarget target, ChangeRecord change) =>
        new[] { AlertsLabel, "severity:" + change.Severity.ToWire(), "jurisdiction:" + change.Jurisdiction }
            .Concat(MatchAlert.IsId(change.Id) ? [WatchlistMatchLabel] : Array.Empty<string>())
            .Concat(change.Topics.Take(10).Select(t => "topic:" + t))
            .Concat(target.Labels)
            .Select(l => Cut(l, 50))
            .Distinct(StringComparer.OrdinalIgnoreCase);

    private string Link(ChangeRecord change) => WebhookPayloads.ChangeLink(alertsOptions.Value.PublicBaseUrl, DeliveryChanges.LoggedChangeId(change));

    private string IssueBody(ChangeRecord change, string story)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"**{Md(change.Summary ?? change.Title)}**").AppendLine();
        sb.AppendLine("| | |").AppendLine("|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| Severity | {change.Severity.ToWire()} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| Jurisdiction | {Md(change.Jurisdiction)} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| Topics | {Md(string.Join(", ", change.Topics))} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| Source | {Md(change.SourceId)} ({change.ChangeType.ToWire()}) |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| Detected | {change.DetectedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC |").AppendLine();
        if (change.Description is { Length: > 0 } d)
        {
            sb.AppendLine(Md(Cut(d, 3000))).AppendLine();
        }

        if (change.Url is { Length: > 0 } u)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"Source document: {u}");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"Full change: {Link(change)}").AppendLine();
        sb.AppendLine("Later changes of this story are added as comments.");
        sb.AppendLine(StoryMarker(story));
        sb.AppendLine(ChangeMarker(change.Id));
        return sb.ToString();
    }

    private string CommentBody(ChangeRecord change) =>
        $"**Update ({change.ChangeType.ToWire()}, {change.Severity.ToWire()}): {Md(change.Title)}**\n\n"
        + (change.Summary is { Length: > 0 } s ? Md(s) + "\n\n" : "")
        + (change.Description is { Length: > 0 } d ? Md(Cut(d, 2000)) + "\n\n" : "")
        + (change.Url is { Length: > 0 } u ? $"Source document: {u}\n" : "")
        + $"Full change: {Link(change)}\n{ChangeMarker(change.Id)}\n";

    /// <summary>How long GitHub asks us to wait (1 s to 2 h), or null when the error is not a rate limit.</summary>
    internal static TimeSpan? RateLimitDelay(ApiException ex, DateTimeOffset now) =>
        GitHubRateLimit.WaitOrDefault(ex, now, TimeSpan.FromHours(2)) is { } wait ? (wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait) : null;

    private static string Md(string s) => s.Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    [LoggerMessage(Level = LogLevel.Debug, Message = "GitHub delivery message {DeliveryId} ignored: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string deliveryId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "GitHub delivery {DeliveryId}: {Owner}/{Repository}#{Number} {How}")]
    private static partial void LogDelivered(ILogger logger, string deliveryId, string owner, string repository, int number, string how);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub delivery {DeliveryId} rate limited; retrying in {Wait}")]
    private static partial void LogRateLimited(ILogger logger, string deliveryId, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Debug, Message = "GitHub delivery {DeliveryId}: the issue of story {StoryId} is being opened by another delivery; retrying in {Wait}")]
    private static partial void LogStoryBusy(ILogger logger, string deliveryId, string storyId, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Story {StoryId} on GitHub target {TargetId}: claim of change {ClaimedBy} since {ClaimedAt} expired; taken over by change {ChangeId}")]
    private static partial void LogClaimTakenOver(ILogger logger, string storyId, string targetId, string claimedBy, DateTimeOffset? claimedAt, string changeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Story {StoryId} on GitHub target {TargetId}: change {ChangeId} lost its claim before recording issue #{Number}")]
    private static partial void LogClaimLost(ILogger logger, string storyId, string targetId, string changeId, int number);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub delivery {DeliveryId} failed with {Status}: {Error}")]
    private static partial void LogFailed(ILogger logger, string deliveryId, int status, string error);
}
