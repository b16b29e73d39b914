using Alerts.Core.Delivery;
using Microsoft.Net.Http.Headers;

namespace Alerts.Core.Email;

/// <summary>
/// SendGrid's signed Event Webhook: the ECDSA (P-256, SHA-256) signature in X-Twilio-Email-Event-Webhook-Signature over the
/// timestamp header followed by the raw body is verified with Alerts:SendGrid:EventWebhookPublicKey before anything is read.
/// Delivery rows move forward (delivered, opened, bounced, ...); bounce, dropped and spamreport deactivate the subscriber.
/// </summary>
public sealed partial class SendGridEventsApi(
    IOptions<SendGridOptions> options,
    EmailDeliveryStore deliveries,
    SubscriberStore subscribers,
    IEnumerable<ISubscriberData> held,
    TimeProvider time,
    ILogger<SendGridEventsApi> logger)
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";
    public const int MaxBodyBytes = 1024 * 1024;

    public async Task<IResult> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        if (options.Value.EventWebhookPublicKey is not { Length: > 0 } publicKey)
        {
            return Problems.Unauthorized("Event webhook verification is not configured (Alerts:SendGrid:EventWebhookPublicKey); events are refused.");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.UnsupportedMediaType("SendGrid events are application/json.");
        }

        var (body, tooLarge) = await ApiRequests.ReadBytesAsync(request, MaxBodyBytes, cancellationToken);
        if (tooLarge)
        {
            return Problems.TooLarge($"The body is over {MaxBodyBytes} bytes.");
        }

        var timestamp = request.Headers[TimestampHeader].ToString();
        var signature = request.Headers[SignatureHeader].ToString();
        if (!Verify(publicKey, timestamp, signature, body))
        {
            LogRefused(logger);
            return Problems.Unauthorized("The event webhook signature is missing, invalid or too old.");
        }

        List<JsonElement> events;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                return Problems.InvalidRequest("The body must be a JSON array of events.");
            }

            events = [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
        }
        catch (JsonException)
        {
            return Problems.InvalidRequest("The body is not valid JSON.");
        }

        var applied = 0;
        foreach (var e in events.Where(e => e.ValueKind == JsonValueKind.Object))
        {
            if (await ApplyAsync(e, cancellationToken))
            {
                applied++;
            }
        }

        return Results.Json(new { received = events.Count, applied });
    }

    private bool Verify(string publicKey, string timestamp, string signature, byte[] body)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ts) || signature.Length is 0 or > 512)
        {
            return false;
        }

        var age = time.GetUtcNow().ToUnixTimeSeconds() - ts;
        if (Math.Abs(age) > options.Value.EventMaxAgeMinutes * 60L)
        {
            return false;
        }

        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKey), out _);
            var signed = new byte[Encoding.UTF8.GetByteCount(timestamp) + body.Length];
            var n = Encoding.UTF8.GetBytes(timestamp, signed);
            body.CopyTo(signed, n);
            return ecdsa.VerifyData(signed, Convert.FromBase64String(signature), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return false;
        }
    }

    private async Task<bool> ApplyAsync(JsonElement e, CancellationToken cancellationToken)
    {
        var kind = Str(e, "event");
        var status = kind switch
        {
            "delivered" => EmailStatus.Delivered,
            "open" => EmailStatus.Opened,
            "bounce" => EmailStatus.Bounced,
            "dropped" => EmailStatus.Dropped,
            "spamreport" => EmailStatus.SpamReport,
            _ => (EmailStatus?)null,
        };
        var subscriberId = Str(e, "subscriber_id");
        var changeId = Str(e, "change_id");
        var digest = Str(e, "digest");
        var email = Str(e, "email");
        var applied = false;

        if (status is { } moved && subscriberId is { Length: > 0 and <= 64 })
        {
            if (changeId is { Length: > 0 and <= 128 })
            {
                var row = await deliveries.GetRecipientAsync(changeId, subscriberId, cancellationToken);
                applied = await AdvanceAsync(row, deliveries.TryMergeAsync, moved, kind!, cancellationToken);
            }
            else if (digest is { Length: > 0 and <= 32 })
            {
                var table = subscribers.RawTable;
                var row = await table.GetEntityIfExistsAsync<TableEntity>(SubscriberStore.DigestPartition(subscriberId), "p:" + digest, cancellationToken: cancellationToken);
                applied = await AdvanceAsync(row.HasValue ? row.Value : null, (update, etag, ct) => TryMergeAsync(table, update, etag, ct), moved, kind!, cancellationToken);
            }
        }

        if (kind is "bounce" or "dropped" or "spamreport" or "unsubscribe" or "group_unsubscribe")
        {
            var s = subscriberId is { Length: > 0 and <= 64 } ? await subscribers.GetAsync(subscriberId, cancellationToken) : null;
            if (s is null && email is { Length: > 0 } && EmailAddresses.TryNormalize(email, out var normalized, out _))
            {
                s = await subscribers.FindByEmailAsync(normalized, cancellationToken);
            }

            // Only the subscriber the event is about: the address must match the one on record.
            if (s is { State: SubscriberState.Active or SubscriberState.Pending } && string.Equals(s.Email, email, StringComparison.OrdinalIgnoreCase))
            {
                var unsubscribe = kind is "unsubscribe" or "group_unsubscribe";
                await subscribers.UpdateAsync(s with
                {
                    State = unsubscribe ? SubscriberState.Unsubscribed : SubscriberState.Deactivated,
                    StateReason = "SendGrid " + kind + (Str(e, "reason") is { Length: > 0 } reason ? ": " + EmailRenderer.HeaderValue(reason, 200) : ""),
                    StateChangedAt = time.GetUtcNow(),
                }, cancellationToken);
                LogDeactivated(logger, s.Id, kind!);
                if (unsubscribe)
                {
                    foreach (var h in held)
                    {
                        await h.ForgetAsync(s.Id, cancellationToken);
                    }
                }

                applied = true;
            }
        }

        return applied;
    }

    /// <summary>Moves a delivery row (a recipient's of a change, or a digest's) on; false when there is none or a concurrent event moved it first.</summary>
    private async Task<bool> AdvanceAsync(TableEntity? row, Func<TableEntity, ETag, CancellationToken, Task<bool>> tryMerge, EmailStatus status, string kind, CancellationToken cancellationToken)
    {
        if (row is null)
        {
            return false;
        }

        var update = new TableEntity(row.PartitionKey, row.RowKey) { ["Last" + char.ToUpperInvariant(kind[0]) + kind[1..] + "At"] = time.GetUtcNow() };
        if (status.Rank() >= EmailStatusRank.StatusOf(row).Rank())
        {
            update["Status"] = status.ToWire();
        }

        // On a 412 the event is dropped: SendGrid retries undelivered batches only on non-2xx.
        return await tryMerge(update, row.ETag, cancellationToken);
    }

    private static async Task<bool> TryMergeAsync(TableClient table, TableEntity update, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(update, ifMatch, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "SendGrid event webhook refused: bad signature or timestamp")]
    private static partial void LogRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscriber {SubscriberId} deactivated by SendGrid event {Event}")]
    private static partial void LogDeactivated(ILogger logger, string subscriberId, string @event);
}
