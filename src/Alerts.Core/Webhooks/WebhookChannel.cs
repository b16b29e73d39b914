using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;
using Alerts.Core.Telemetry;

namespace Alerts.Core.Webhooks;

/// <summary>
/// Sends a webhook delivery: signed POST in the endpoint's format; on failure the next attempt is enqueued on the retry
/// schedule (Retry-After honoured on 429/503); 410 disables the endpoint; an exhausted schedule disables it and tells its team.
/// Every attempt is logged on the endpoint. The queue message of attempt n is acted on only while the delivery has made
/// n-1 attempts, so duplicates of the message do nothing.
/// </summary>
public sealed partial class WebhookChannel(
    WebhookStore store,
    DeliveryLedger ledger,
    DeliveryChanges deliveryChanges,
    WebhookSender sender,
    TeamNotices notices,
    QueueSender queues,
    IOptions<AlertsOptions> alertsOptions,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookChannel> logger) : IDeliveryChannel
{
    public const string Name = "webhook";

    /// <summary>How long a delivery waits when its endpoint is busy with other requests.</summary>
    public static readonly TimeSpan BusyDelay = TimeSpan.FromSeconds(2);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ChangeRecord> _recentChanges = new(StringComparer.Ordinal);

    public string Channel => Name;

    /// <summary>Test seam: runs after the POST and before anything is recorded (to play a crash there).</summary>
    internal Func<Task>? AfterSend { get; set; }

    public async Task DeliverAsync(DeliverMessage message, CancellationToken cancellationToken = default)
    {
        var (delivery, ignored) = await ledger.PendingForAsync(message, Name, cancellationToken);
        if (delivery is null)
        {
            LogIgnored(logger, message.DeliveryId, ignored!);
            return;
        }

        var (changeId, endpointId) = (delivery.ChangeId, delivery.TargetId);
        var stored = await store.GetAsync(endpointId, cancellationToken);
        if (stored is null || !stored.Endpoint.Enabled)
        {
            await ledger.TryUpdateAsync(delivery with
            {
                Status = DeliveryStatus.Dead,
                LastError = stored is null ? "the endpoint was deleted" : "the endpoint is disabled: " + stored.Endpoint.DisabledReason,
            }, cancellationToken);
            return;
        }

        var change = await FindChangeAsync(changeId, cancellationToken);
        if (change is null)
        {
            await ledger.TryUpdateAsync(delivery with { Status = DeliveryStatus.Dead, LastError = "the change is not in the log" }, cancellationToken);
            return;
        }

        var ep = stored.Endpoint;
        byte[] body;
        try
        {
            body = WebhookPayloads.ForChange(ep.Format, change, alertsOptions.Value.PublicBaseUrl, await deliveryChanges.FindMatchAlertAsync(changeId, cancellationToken));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NotSupportedException or FormatException)
        {
            // No retry can build it: dead with the reason, never left pending for the reconciler to send round again.
            await ledger.TryUpdateAsync(delivery with { Status = DeliveryStatus.Dead, LastError = "the payload could not be built: " + ex.Message }, cancellationToken);
            return;
        }

        var result = await sender.SendAsync(ep.Id, ep.Url, WebhookSigner.MessageId(delivery.Id), body, stored.SigningSecrets(time.GetUtcNow()), cancellationToken);
        if (result.Kind == SendKinds.Busy)
        {
            await queues.SendAsync(StorageNames.DeliverQueue, message, BusyDelay, cancellationToken);
            return;
        }

        if (AfterSend is { } crash)
        {
            await crash();
        }

        await RecordAsync(message, delivery, ep, result, change.DetectedAt, cancellationToken);
    }

    /// <summary>A fan-out sends one change to many endpoints: log entries never change, so a few are kept in memory.</summary>
    private async Task<ChangeRecord?> FindChangeAsync(string changeId, CancellationToken cancellationToken)
    {
        if (_recentChanges.TryGetValue(changeId, out var cached))
        {
            return cached;
        }

        var change = await deliveryChanges.FindAsync(changeId, cancellationToken);
        if (change is not null)
        {
            if (_recentChanges.Count >= 64)
            {
                _recentChanges.Clear();
            }

            _recentChanges[changeId] = change;
        }

        return change;
    }

    private async Task RecordAsync(DeliverMessage message, DeliveryRecord delivery, WebhookEndpoint ep, SendResult result, DateTimeOffset detectedAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var attempt = message.Attempt;
        TimeSpan? next = null;
        string outcome;
        if (result.Success)
        {
            outcome = "delivered";
        }
        else if (result.Kind == SendKinds.Gone)
        {
            outcome = "gone: endpoint disabled";
        }
        else
        {
            next = RetryPolicy.Webhooks(options.Value.RetryJitter).NextDelay(attempt - delivery.ScheduleBase, result.RetryAfter);

            outcome = next is null ? "failed: schedule exhausted, endpoint disabled" : "failed: will retry";
        }

        await store.AddAttemptAsync(ep.Id,
            new WebhookAttempt(
                delivery.Id, delivery.ChangeId, attempt, WebhookSigner.MessageId(delivery.Id), now, result.Success, result.StatusCode, result.DurationMs, result.Error, result.Excerpt, outcome),
            cancellationToken);

        if (next is { } delay)
        {
            // Enqueue before recording: a crash in between repeats this attempt (same webhook-id) rather than losing the delivery.
            await queues.SendAsync(StorageNames.DeliverQueue, message with { Attempt = attempt + 1 }, delay, cancellationToken);
        }

        var updated = delivery with
        {
            Attempts = attempt,
            LastAttemptAt = now,
            LastStatusCode = result.StatusCode,
            LastError = result.Error,
            Status = result.Success ? DeliveryStatus.Delivered : next is null ? DeliveryStatus.Dead : DeliveryStatus.Pending,
            DeliveredAt = result.Success ? now : null,
            NextAttemptAt = next is { } d ? now + d : null,
        };
        if (!await ledger.TryUpdateAsync(updated, cancellationToken))
        {
            LogIgnored(logger, delivery.Id, "the delivery changed while it was being sent");
            return;
        }

        AlertsTelemetry.DeliveryAttempted(
            Name,
            updated.Status switch { DeliveryStatus.Delivered => AlertsTelemetry.Outcomes.Delivered, DeliveryStatus.Dead => AlertsTelemetry.Outcomes.Dead, _ => AlertsTelemetry.Outcomes.Retry },
            attempt,
            detectedAt,
            now);

        if (result.Success)
        {
            LogDelivered(logger, delivery.Id, ep.Id, attempt, result.StatusCode ?? 0);
        }
        else if (result.Kind == SendKinds.Gone || next is null)
        {
            var reason = result.Kind == SendKinds.Gone
                ? "the endpoint answered 410 Gone"
                : $"delivery {delivery.Id} failed {attempt - delivery.ScheduleBase} attempts over the whole retry schedule (last: {result.Error})";
            if (await store.DisableAsync(ep.Id, reason, now, cancellationToken))
            {
                await notices.AddAsync(
                    new TeamNotice(ep.TeamId, TeamNotices.EndpointDisabled, ep.Id,
                        $"Webhook endpoint {ep.Id} (host {HostOf(ep.Url)}) was disabled: {reason}. Fix it and re-enable it with PUT /api/webhooks/{ep.Id}.", now),
                    ep.ContactEmail, cancellationToken);
            }
        }
        else
        {
            LogRetry(logger, delivery.Id, ep.Id, attempt, result.Error ?? "", next!.Value);
        }
    }

    /// <summary>Only the host: endpoint URLs can carry secrets in their path (Slack and Teams incoming webhooks do), so they are never logged.</summary>
    private static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Host : "?";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook delivery message {DeliveryId} ignored: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string deliveryId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} to {EndpointId} delivered on attempt {Attempt} ({Status})")]
    private static partial void LogDelivered(ILogger logger, string deliveryId, string endpointId, int attempt, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} to {EndpointId} attempt {Attempt} failed ({Error}); next in {Delay}")]
    private static partial void LogRetry(ILogger logger, string deliveryId, string endpointId, int attempt, string error, TimeSpan delay);
}
