namespace Alerts.Core.Access;

/// <summary>GET /api/access-log (admin): from, to (default: the last 30 days), key, limit (default 100, at most 1000).</summary>
public sealed class AccessLogApi(AccessLogStore store, TimeProvider time)
{
    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var q = request.Query;
        var to = time.GetUtcNow();
        var from = to.AddDays(-30);
        if (q["from"].ToString() is { Length: > 0 } f && !ApiQuery.TryParseDate(f, false, out from))
        {
            return Problems.InvalidRequest($"from: '{f}' is not a date (use 2026-11-01 or 2026-11-01T12:00:00Z).");
        }

        if (q["to"].ToString() is { Length: > 0 } t && !ApiQuery.TryParseDate(t, true, out to))
        {
            return Problems.InvalidRequest($"to: '{t}' is not a date (use 2026-11-30 or 2026-11-30T12:00:00Z).");
        }

        if (from > to)
        {
            return Problems.InvalidRequest("from must not be after to.");
        }

        var limit = 100;
        if (q["limit"].ToString() is { Length: > 0 } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > AccessLogStore.MaxPageSize))
        {
            return Problems.InvalidRequest($"limit must be a whole number from 1 to {AccessLogStore.MaxPageSize}.");
        }

        var key = q["key"].ToString() is { Length: > 0 } k ? k : null;
        if (key is { Length: > 64 })
        {
            return Problems.InvalidRequest("key must be a key id.");
        }

        var items = await store.QueryAsync(from, to, key, limit, cancellationToken);
        return Results.Json(new { items, from, to }, ApiJson.Options);
    }
}
