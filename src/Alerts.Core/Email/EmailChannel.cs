using System.Runtime.CompilerServices;
using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;
using Alerts.Core.Telemetry;

namespace Alerts.Core.Email;

/// <summary>
/// Sends e-mail deliveries: an alert batch ("&lt;change id&gt;|&lt;n&gt;", one SendGrid request with a personalization per
/// recipient) or a digest ("digest|&lt;subscriber&gt;|&lt;period&gt;"). A batch is claimed with a lease before the request
/// and marked sent after it, so a repeated message sends nothing. 429 waits as SendGrid says; 5xx and time-outs retry on
/// <see cref="Retries"/>; a 4xx naming recipients is recorded on their rows and the rest are sent.
/// </summary>
public sealed partial class EmailChannel(
    IOptions<SendGridOptions> options,
    EmailSender sender,
    EmailRenderer renderer,
    SubscriberTokens tokens,
    SubscriberStore subscribers,
    EmailDeliveryStore deliveries,
    ChangeLogStore log,
    DeliveryChanges deliveryChanges,
    DigestService digests,
    QueueSender queues,
    TimeProvider time,
    ILogger<EmailChannel> logger) : IDeliveryChannel
{
    /// <summary>When a batch or digest is tried again after a 5xx or time-out; after the last try it is failed (dead-lettered).</summary>
    public static RetryPolicy Retries => RetryPolicy.Email;

    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public string Channel => EmailDispatchTarget.ChannelName;

    public Task DeliverAsync(DeliverMessage message, CancellationToken cancellationToken = default)
    {
        if (message.DeliveryId.StartsWith("digest|", StringComparison.Ordinal))
        {
            return DeliverDigestAsync(message, cancellationToken);
        }

        var bar = message.DeliveryId.LastIndexOf('|');
        if (bar <= 0 || !int.TryParse(message.DeliveryId.AsSpan(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new FormatException($"'{message.DeliveryId}' is not an e-mail delivery id.");
        }

        return DeliverBatchAsync(message, message.DeliveryId[..bar], number, cancellationToken);
    }

    private async Task DeliverBatchAsync(DeliverMessage message, string changeId, int number, CancellationToken cancellationToken)
    {
        var batch = await deliveries.GetBatchAsync(changeId, number, cancellationToken);
        if (batch is null || batch.State is EmailBatchState.Sent or EmailBatchState.Failed)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (batch.State == EmailBatchState.Sending && batch.LeaseUntil > now)
        {
            throw new InvalidOperationException($"Batch {number} of {changeId} is being sent by another worker; try later.");
        }

        batch = await deliveries.UpdateBatchAsync(batch,
            new Dictionary<string, object?> { ["State"] = EmailBatchState.Sending.ToWire(), ["LeaseUntil"] = now + Lease, ["Attempts"] = batch.Attempts + 1 },
            cancellationToken: cancellationToken);
        var accepted = new StrongBox<bool>();
        try
        {
            await SendClaimedAsync(message, batch, changeId, number, accepted, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Before SendGrid accepted the request, give the claim back so that the queue's retry takes the batch at once
            // (otherwise its retries would meet the lease and end in the poison queue, leaving the batch unsent). After
            // SendGrid accepted it, try once more to record that, so that no retry sends a second copy.
            await deliveries.ReleaseAsync(changeId, number, markSent: accepted.Value, time.GetUtcNow(), CancellationToken.None);

            throw;
        }
    }

    private async Task SendClaimedAsync(DeliverMessage message, EmailBatch batch, string changeId, int number, StrongBox<bool> accepted, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var change = await deliveryChanges.FindAsync(changeId, cancellationToken);
        if (change is null)
        {
            await deliveries.UpdateBatchAsync(batch,
                new Dictionary<string, object?> { ["State"] = EmailBatchState.Failed.ToWire(), ["LastError"] = "change not found" }, scrubAddresses: true, cancellationToken);
            return;
        }

        var rows = await deliveries.ReadBatchRecipientsAsync(changeId, number, cancellationToken);
        var inactive = await subscribers.InactiveIdsAsync(cancellationToken);
        var skipped = new List<(string, EmailStatus, string?)>();
        var pending = new List<(string SubscriberId, string Email)>();
        foreach (var m in batch.Members)
        {
            var status = rows.TryGetValue(m.SubscriberId, out var row) ? EmailStatusRank.StatusOf(row) : EmailStatus.Pending;
            if (status != EmailStatus.Pending)
            {
                continue;
            }

            if (inactive.Contains(m.SubscriberId) || m.Email.Length == 0)
            {
                skipped.Add((m.SubscriberId, EmailStatus.Skipped, "unsubscribed before the send"));
            }
            else
            {
                pending.Add(m);
            }
        }

        await deliveries.SetStatusAsync(changeId, number, skipped, now, cancellationToken);
        var content = renderer.Alert(change);
        var categories = MatchAlert.IsId(change.Id) ? new[] { "watchlist-match", "severity-" + change.Severity.ToWire() } : ["policy-alert", "severity-" + change.Severity.ToWire()];
        var messageArgs = new Dictionary<string, string> { ["change_id"] = change.Id, ["kind"] = "alert", ["batch"] = number.ToString(CultureInfo.InvariantCulture) };

        for (var round = 0; pending.Count > 0 && round < 5; round++)
        {
            var recipients = pending.Select(m => Recipient(content, m.SubscriberId, m.Email, new Dictionary<string, string>
            {
                ["change_id"] = change.Id,
                ["subscriber_id"] = m.SubscriberId,
                ["delivery_id"] = change.Id + "/" + EmailDeliveryStore.Row(m.SubscriberId),
            })).ToList();
            var outcome = await sender.SendAsync(content, recipients, categories, messageArgs, cancellationToken);
            now = time.GetUtcNow();
            switch (outcome.Status)
            {
                case SendStatus.Accepted:
                    accepted.Value = true;
                    // The batch row records the send for all its pending recipients (one write instead of one per
                    // recipient, see EmailDeliveryStore.EffectiveStatus); events move each recipient's row on.
                    pending.Clear();
                    break;

                case SendStatus.Rejected when outcome.RejectedRecipients.Count > 0:
                    var rejected = outcome.RejectedRecipients.Select(kv => (pending[kv.Key].SubscriberId, EmailStatus.Rejected, (string?)kv.Value)).ToList();
                    await deliveries.SetStatusAsync(changeId, number, rejected, now, cancellationToken);
                    pending = [.. pending.Where((_, i) => !outcome.RejectedRecipients.ContainsKey(i))];
                    break;

                case SendStatus.Rejected:
                    await deliveries.SetStatusAsync(changeId, number, pending.Select(m => (m.SubscriberId, EmailStatus.Failed, (string?)outcome.Detail)), now, cancellationToken);
                    await deliveries.UpdateBatchAsync(batch,
                        new Dictionary<string, object?> { ["State"] = EmailBatchState.Failed.ToWire(), ["LastError"] = outcome.Detail, ["LeaseUntil"] = null },
                        scrubAddresses: true,
                        cancellationToken);
                    LogBatchFailed(logger, changeId, number, outcome.Detail);
                    AlertsTelemetry.DeliveryAttempted(Channel, AlertsTelemetry.Outcomes.Dead, message.Attempt, change.DetectedAt, now);
                    return;

                default:
                    AlertsTelemetry.DeliveryAttempted(Channel, AlertsTelemetry.Outcomes.Retry, message.Attempt, change.DetectedAt, now);
                    await RetryBatchAsync(message, batch, outcome, pending, cancellationToken);
                    return;
            }
        }

        if (pending.Count > 0)
        {
            await deliveries.SetStatusAsync(changeId, number,
                pending.Select(m => (m.SubscriberId, EmailStatus.Failed, (string?)"SendGrid kept refusing recipients of this request")), now, cancellationToken);
        }

        await deliveries.UpdateBatchAsync(batch,
            new Dictionary<string, object?> { ["State"] = EmailBatchState.Sent.ToWire(), ["SentAt"] = now, ["LastError"] = "" }, scrubAddresses: true, cancellationToken);
        AlertsTelemetry.DeliveryAttempted(Channel, AlertsTelemetry.Outcomes.Delivered, message.Attempt, change.DetectedAt, now);
    }

    private async Task RetryBatchAsync(DeliverMessage message, EmailBatch batch, SendOutcome outcome, List<(string SubscriberId, string Email)> pending, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (outcome.Status == SendStatus.RateLimited)
        {
            // Waiting for the rate limit is not a failed try.
            await deliveries.UpdateBatchAsync(batch,
                new Dictionary<string, object?>
                {
                    ["State"] = EmailBatchState.Queued.ToWire(), ["LeaseUntil"] = null, ["NextAttemptAt"] = now + outcome.RetryAfter, ["LastError"] = "rate limited by SendGrid",
                },
                cancellationToken: cancellationToken);
            await queues.SendAsync(StorageNames.DeliverQueue, message, outcome.RetryAfter, cancellationToken);
            return;
        }

        if (Retries.NextDelay(message.Attempt, outcome.RetryAfter > TimeSpan.Zero ? outcome.RetryAfter : null) is not { } delay)
        {
            await deliveries.SetStatusAsync(batch.ChangeId, batch.Number,
                pending.Select(m => (m.SubscriberId, EmailStatus.Failed, (string?)("retries exhausted: " + outcome.Detail))), now, cancellationToken);
            await deliveries.UpdateBatchAsync(batch,
                new Dictionary<string, object?> { ["State"] = EmailBatchState.Failed.ToWire(), ["LastError"] = "retries exhausted: " + outcome.Detail, ["LeaseUntil"] = null },
                scrubAddresses: true, cancellationToken);
            LogBatchFailed(logger, batch.ChangeId, batch.Number, outcome.Detail);
            return;
        }

        await deliveries.UpdateBatchAsync(batch,
            new Dictionary<string, object?> { ["State"] = EmailBatchState.Queued.ToWire(), ["LeaseUntil"] = null, ["NextAttemptAt"] = now + delay, ["LastError"] = outcome.Detail },
            cancellationToken: cancellationToken);
        await queues.SendAsync(StorageNames.DeliverQueue, message with { Attempt = message.Attempt + 1 }, delay, cancellationToken);
        LogRetry(logger, batch.ChangeId, batch.Number, message.Attempt, delay.TotalSeconds);
    }

    private async Task DeliverDigestAsync(DeliverMessage message, CancellationToken cancellationToken)
    {
        var parts = message.DeliveryId.Split('|');
        if (parts.Length != 3)
        {
            throw new FormatException($"'{message.DeliveryId}' is not a digest delivery id.");
        }

        var digest = await digests.GetAsync(parts[1], parts[2], cancellationToken);
        if (digest is null || digest.State is DigestState.Sent or DigestState.Failed or DigestState.Skipped)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (digest.State == DigestState.Sending && digest.LeaseUntil > now)
        {
            throw new InvalidOperationException($"Digest {message.DeliveryId} is being sent by another worker; try later.");
        }

        digest = await digests.UpdateAsync(digest, DigestState.Sending, new Dictionary<string, object?> { ["LeaseUntil"] = now + Lease }, cancellationToken);
        var subscriber = await subscribers.GetAsync(digest.SubscriberId, cancellationToken);
        if (subscriber is not { State: SubscriberState.Active })
        {
            await digests.UpdateAsync(digest, DigestState.Skipped, new Dictionary<string, object?> { ["Status"] = EmailStatus.Skipped.ToWire(), ["LeaseUntil"] = null }, cancellationToken);
            return;
        }

        var changes = new List<ChangeRecord>();
        foreach (var id in digest.ChangeIds)
        {
            if (await log.FindAsync(id, cancellationToken) is { } c)
            {
                changes.Add(c);
            }
        }

        var content = renderer.Digest(changes, digest.Period);
        var recipient = Recipient(content, subscriber.Id, subscriber.Email, new Dictionary<string, string>
        {
            ["subscriber_id"] = subscriber.Id,
            ["digest"] = digest.Period,
            ["delivery_id"] = "digest/" + subscriber.Id + "/" + digest.Period,
        });
        var outcome = await sender.SendAsync(content, [recipient], ["policy-digest"], new Dictionary<string, string> { ["kind"] = "digest" }, cancellationToken);
        now = time.GetUtcNow();
        switch (outcome.Status)
        {
            case SendStatus.Accepted:
                await digests.UpdateAsync(digest, DigestState.Sent,
                    new Dictionary<string, object?> { ["Status"] = EmailStatus.Sent.ToWire(), ["SentAt"] = now, ["LeaseUntil"] = null }, cancellationToken);
                return;
            case SendStatus.Rejected:
                await digests.UpdateAsync(digest, DigestState.Failed,
                    new Dictionary<string, object?> { ["Status"] = EmailStatus.Rejected.ToWire(), ["Error"] = outcome.Detail, ["LeaseUntil"] = null }, cancellationToken);
                return;
            case SendStatus.RateLimited:
                await digests.UpdateAsync(digest, DigestState.Queued, new Dictionary<string, object?> { ["LeaseUntil"] = null }, cancellationToken);
                await queues.SendAsync(StorageNames.DeliverQueue, message, outcome.RetryAfter, cancellationToken);
                return;
            default:
                var next = Retries.NextDelay(message.Attempt);
                var exhausted = next is null;
                await digests.UpdateAsync(digest, exhausted ? DigestState.Failed : DigestState.Queued, new Dictionary<string, object?>
                {
                    ["Status"] = (exhausted ? EmailStatus.Failed : EmailStatus.Pending).ToWire(),
                    ["Error"] = outcome.Detail, ["LeaseUntil"] = null
                }, cancellationToken);
                if (next is { } wait)
                {
                    await queues.SendAsync(StorageNames.DeliverQueue, message with { Attempt = message.Attempt + 1 }, wait, cancellationToken);
                }

                return;
        }
    }

    /// <summary>A recipient with fresh, expiring unsubscribe and preferences links (substituted for the message's own tags) and the RFC 8058 headers.</summary>
    private EmailRecipient Recipient(EmailContent content, string subscriberId, string email, Dictionary<string, string> customArgs)
    {
        var tags = content.Links ?? throw new InvalidOperationException("An alert or digest e-mail is written with its link tags.");
        var token = tokens.Manage(subscriberId, TimeSpan.FromDays(options.Value.ManageLinkDays));
        var unsubscribe = renderer.UnsubscribeLink(token);
        var listUnsubscribe = "<" + unsubscribe + ">" + (options.Value.UnsubscribeMailto is { Length: > 0 } mailto ? ", <mailto:" + mailto + "?subject=unsubscribe>" : "");
        return new EmailRecipient(
            email,
            new Dictionary<string, string> { [tags.Unsubscribe] = unsubscribe, [tags.Preferences] = renderer.PreferencesLink(token) },
            customArgs,
            new Dictionary<string, string> { ["List-Unsubscribe"] = listUnsubscribe, ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click" });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail batch {Batch} of {ChangeId} failed: {Reason}")]
    private static partial void LogBatchFailed(ILogger logger, string changeId, int batch, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail batch {Batch} of {ChangeId}: try {Attempt} failed, retrying in {Seconds} s")]
    private static partial void LogRetry(ILogger logger, string changeId, int batch, int attempt, double seconds);
}
