using System.Text.Json.Nodes;
using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;
using Alerts.Core.Email;

namespace Alerts.Core.Webhooks;

/// <summary>The team webhook endpoints (role team, scoped to the caller's team: another team's endpoint answers 404).</summary>
public sealed class WebhooksApi(
    WebhookStore store,
    SsrfGuard guard,
    WebhookSender sender,
    DeliveryLedger ledger,
    QueueSender queues,
    IOptions<WebhookOptions> options,
    RateLimits limits,
    TimeProvider time)
{
    /// <summary>Test pings of one endpoint: each is a request the service makes to a URL a team chose.</summary>
    public static readonly RateLimit Pings = new("webhook-pings", 20, TimeSpan.FromHours(1));

    public const int MaxDescription = 500;

    public async Task<IResult> CreateAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        var (team, body, bad) = await TeamApiRequests.TeamAndObjectAsync(context, cancellationToken);
        if (bad is not null)
        {
            return bad;
        }

        var (fields, error) = await ParseAsync(body, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var cap = options.Value.MaxEndpointsPerTeam;
        if ((await store.ListForTeamAsync(team, cancellationToken)).Count >= cap)
        {
            return Problems.Make(409, "webhook-endpoint-cap", "The team has as many webhook endpoints as allowed.",
                $"A team may register at most {cap} webhook endpoints (setting Alerts:Webhooks:MaxEndpointsPerTeam); delete one before adding another.");
        }

        var now = time.GetUtcNow();
        var endpoint = new WebhookEndpoint
        {
            Id = WebhookStore.NewId(),
            TeamId = team,
            Url = fields!.Url,
            Format = fields.Format,
            Filters = fields.Filters,
            Description = fields.Description,
            ContactEmail = fields.ContactEmail,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var secret = await store.CreateAsync(endpoint, cancellationToken);
        var view = View(endpoint);
        view["secret"] = secret;
        view["secretNote"] = "Store this secret now: it is shown only once. It signs every delivery (Standard Webhooks).";
        return Results.Json(view, ApiJson.Options, statusCode: 201);
    }

    public async Task<IResult> ListAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        var (team, denied) = TeamApiRequests.Team(context);
        if (denied is not null)
        {
            return denied;
        }

        var list = await store.ListForTeamAsync(team!, cancellationToken);
        return Results.Json(new { items = list.Select(View) }, ApiJson.Options);
    }

    public async Task<IResult> GetAsync(HttpContext context, string id, CancellationToken cancellationToken = default)
    {
        var (stored, error) = await FindAsync(context, id, cancellationToken);
        return error ?? Results.Json(View(stored!.Endpoint), ApiJson.Options);
    }

    public async Task<IResult> UpdateAsync(HttpContext context, string id, CancellationToken cancellationToken = default)
    {
        var (stored, error) = await FindAsync(context, id, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var (body, bad) = await TeamApiRequests.ReadObjectAsync(context.Request, cancellationToken);
        if (bad is not null)
        {
            return bad;
        }

        var (fields, invalid) = await ParseAsync(body, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        var enabled = true;
        if (body.TryGetProperty("enabled", out var en) && en.ValueKind != JsonValueKind.Null)
        {
            if (en.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Problems.InvalidRequest("enabled must be true or false.");
            }

            enabled = en.GetBoolean();
        }

        var ep = stored!.Endpoint with
        {
            Url = fields!.Url,
            Format = fields.Format,
            Filters = fields.Filters,
            Description = fields.Description,
            ContactEmail = fields.ContactEmail,
            Enabled = enabled,
            DisabledReason = enabled ? null : stored.Endpoint.DisabledReason ?? "disabled by the team",
            UpdatedAt = time.GetUtcNow(),
        };
        if (!await store.TryReplaceAsync(stored with { Endpoint = ep }, cancellationToken))
        {
            return Problems.Make(409, "conflict", "The endpoint changed meanwhile.", "The endpoint was changed by another request; read it again and retry.");
        }

        return Results.Json(View(ep), ApiJson.Options);
    }

    public async Task<IResult> DeleteAsync(HttpContext context, string id, CancellationToken cancellationToken = default)
    {
        var (_, error) = await FindAsync(context, id, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        await store.DeleteAsync(id, cancellationToken);
        return Results.Json(new { id, deleted = true }, ApiJson.Options);
    }

    public async Task<IResult> RotateSecretAsync(HttpContext context, string id, CancellationToken cancellationToken = default)
    {
        var (stored, error) = await FindAsync(context, id, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var now = time.GetUtcNow();
        var secret = WebhookSigner.NewSecret();
        var expires = now + TimeSpan.FromHours(options.Value.SecretGraceHours);
        var rotated = new StoredEndpoint(
            stored!.Endpoint with { SecretRotatedAt = now, PreviousSecretExpiresAt = expires, UpdatedAt = now },
            secret,
            stored.Secret,
            stored.ETag);
        if (!await store.TryReplaceAsync(rotated, cancellationToken))
        {
            return Problems.Make(409, "conflict", "The endpoint changed meanwhile.", "The endpoint was changed by another request; retry the rotation.");
        }

        return Results.Json(new
        {
            id,
            secret,
            previousSecretExpiresAt = expires,
            note = "Store this secret now: it is shown only once. Until previousSecretExpiresAt deliveries carry two signatures, the new secret's first.",
        }, ApiJson.Options);
    }

    public async Task<IResult> TestAsync(HttpContext context, string id, CancellationToken cancellationToken = default)
    {
        var (stored, error) = await FindAsync(context, id, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var ep = stored!.Endpoint;
        if (await limits.TryTakeAsync(Pings, ep.Id, cancellationToken) is { } wait)
        {
            return Problems.TooManyRequests($"At most {Pings.Permits} test pings an hour per endpoint; try again after the Retry-After time.", wait);
        }

        var now = time.GetUtcNow();
        var messageId = "msg_ping_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var result = await sender.SendAsync(ep.Id, ep.Url, messageId, WebhookPayloads.Ping(ep.Format, ep.Id, now), stored.SigningSecrets(now), cancellationToken);
        var error2 = result.Kind switch
        {
            SendKinds.Delivered => null,
            SendKinds.Busy => "the endpoint is busy with other deliveries; try again in a moment",
            _ => result.Error ?? $"{result.StatusCode} is not a success",
        };
        await store.AddAttemptAsync(ep.Id,
            new WebhookAttempt("ping", null, 1, messageId, now, result.Success, result.StatusCode, result.DurationMs, error2, result.Excerpt, result.Success ? "ping answered" : "ping failed"),
            cancellationToken);
        return Results.Json(new
        {
            ok = result.Success,
            status = result.StatusCode,
            durationMs = result.DurationMs,
            bodyExcerpt = result.Excerpt,
            error = error2,
            webhookId = messageId,
        }, ApiJson.Options);
    }

    public async Task<IResult> DeliveriesAsync(HttpContext context, string id, CancellationToken cancellationToken = default)
    {
        var (_, error) = await FindAsync(context, id, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var limit = 100;
        if (context.Request.Query["limit"].ToString() is { Length: > 0 } l
            && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000))
        {
            return Problems.InvalidRequest("limit must be a whole number from 1 to 1000.");
        }

        var attempts = await store.AttemptsAsync(id, limit, cancellationToken);
        return Results.Json(new { items = attempts }, ApiJson.Options);
    }

    public async Task<IResult> RedeliverAsync(HttpContext context, string id, string deliveryId, CancellationToken cancellationToken = default)
    {
        var (stored, error) = await FindAsync(context, id, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (!DeliveryLedger.TryParseId(deliveryId, out var changeId, out var targetId) || targetId != id
            || await ledger.GetAsync(changeId, WebhookChannel.Name, id, cancellationToken) is not { } delivery)
        {
            return Problems.NotFound($"Endpoint {id} has no delivery '{deliveryId}'.");
        }

        if (!stored!.Endpoint.Enabled)
        {
            return Problems.Make(409, "endpoint-disabled", "The endpoint is disabled.",
                $"Re-enable it first (PUT /api/webhooks/{id} with enabled: true); it was disabled because {stored.Endpoint.DisabledReason}.");
        }

        if (delivery.Status == DeliveryStatus.Pending)
        {
            return Problems.Make(409, "delivery-pending", "The delivery is still being sent.",
                $"Delivery {deliveryId} is pending (attempt {delivery.Attempts + 1} is scheduled); redeliver it once it is delivered or dead.");
        }

        var reset = delivery with { Status = DeliveryStatus.Pending, ScheduleBase = delivery.Attempts, NextAttemptAt = time.GetUtcNow() };
        if (!await ledger.TryUpdateAsync(reset, cancellationToken))
        {
            return Problems.Make(409, "conflict", "The delivery changed meanwhile.", "Read the delivery log again and retry.");
        }

        var attempt = delivery.Attempts + 1;
        await queues.SendAsync(StorageNames.DeliverQueue, new DeliverMessage(WebhookChannel.Name, delivery.Id, attempt), cancellationToken: cancellationToken);
        return Results.Json(new { deliveryId = delivery.Id, webhookId = WebhookSigner.MessageId(delivery.Id), attempt, status = "queued" }, ApiJson.Options, statusCode: 202);
    }

    private sealed record Fields(string Url, string Format, TeamFilters Filters, string? Description, string? ContactEmail);

    private async Task<(Fields? Fields, IResult? Error)> ParseAsync(JsonElement body, CancellationToken cancellationToken)
    {
        foreach (var p in body.EnumerateObject())
        {
            if (p.Name is not ("url" or "format" or "description" or "contactEmail" or "topics" or "jurisdictions" or "minSeverity" or "sources" or "keywords" or "enabled"))
            {
                return (null, Problems.InvalidRequest(
                    $"Unknown field '{p.Name}'. Fields: url, format, description, contactEmail, topics, jurisdictions, minSeverity, sources, keywords (and enabled on update)."));
            }
        }

        if (!TeamApiRequests.TryString(body, "url", 2048, out var url, out var e1)
            || !TeamApiRequests.TryString(body, "format", 20, out var format, out e1)
            || !TeamApiRequests.TryString(body, "description", MaxDescription, out var description, out e1)
            || !TeamApiRequests.TryString(body, "contactEmail", 254, out var contact, out e1))
        {
            return (null, Problems.InvalidRequest(e1!));
        }

        string? contactEmail = null;
        if (contact is { Length: > 0 })
        {
            if (!Email.EmailAddresses.TryNormalize(contact, out var normalized, out var contactError))
            {
                return (null, Problems.InvalidRequest($"contactEmail: {contactError}"));
            }

            contactEmail = normalized;
        }

        format = (format ?? WebhookFormats.Standard).ToLowerInvariant();
        if (!WebhookFormats.All.Contains(format))
        {
            return (null, Problems.InvalidRequest($"format must be one of {string.Join(", ", WebhookFormats.All)} (got '{format}')."));
        }

        var (filters, filterError) = TeamFilters.Parse(body);
        if (filterError is not null)
        {
            return (null, Problems.InvalidRequest(filterError));
        }

        // Last, because it may consult DNS: nothing is connected to, and a refusal stores nothing.
        var decision = await guard.CheckUrlAsync(url, cancellationToken);
        if (!decision.Allowed)
        {
            return (null, Problems.Make(400, "webhook-url-refused", "The webhook URL is refused.", decision.Reason!));
        }

        return (new Fields(url!, format, filters!, description, contactEmail), null);
    }

    private async Task<(StoredEndpoint? Stored, IResult? Error)> FindAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (team, denied) = TeamApiRequests.Team(context);
        if (denied is not null)
        {
            return (null, denied);
        }

        var stored = await store.GetForTeamAsync(id, team!, cancellationToken);
        return stored is null ? (null, Problems.NotFound($"Your team has no webhook endpoint '{id}'.")) : (stored, null);
    }

    private static JsonObject View(WebhookEndpoint ep) => (JsonObject)JsonSerializer.SerializeToNode(ep, ApiJson.Options)!;
}
