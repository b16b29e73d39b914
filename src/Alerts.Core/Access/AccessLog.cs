using System.Globalization;
using System.Security.Cryptography;
using Alerts.Core.Api;
using Alerts.Core.Storage;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;

namespace Alerts.Core.Access;

/// <summary>One request by an auditor or team key.</summary>
public sealed record AccessLogEntry(DateTimeOffset At, string KeyId, string KeyName, string Role, string? TeamId, string Method, string Route, string Path, string Query, int Status, long Rows);

/// <summary>
/// The append-only access log (table accesslog): partition per month, row key newest first (inverted ticks plus a
/// random suffix), entries only ever added, never updated; whole months older than the retention are deleted
/// (<see cref="AccessLogRetention"/>).
/// </summary>
public sealed class AccessLogStore(AlertsStorage storage)
{
    public const int MaxPageSize = 1000;

    /// <summary>Entries one Reconcile run deletes at most (10 transactions); a bigger backlog goes on at the next run.</summary>
    public const int MaxExpiredPerRun = 1000;

    private TableClient Table => storage.Table(StorageNames.AccessLog);

    public static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string RowPrefix(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    public async Task AppendAsync(AccessLogEntry entry, CancellationToken cancellationToken = default)
    {
        var row = RowPrefix(entry.At) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        await Table.AddEntityAsync(new TableEntity(Month(entry.At), row)
        {
            ["At"] = entry.At,
            ["KeyId"] = entry.KeyId,
            ["KeyName"] = entry.KeyName,
            ["Role"] = entry.Role,
            ["TeamId"] = entry.TeamId,
            ["Method"] = entry.Method,
            ["Route"] = entry.Route,
            ["Path"] = entry.Path,
            ["Query"] = entry.Query.Length > 2000 ? entry.Query[..2000] : entry.Query,
            ["Status"] = entry.Status,
            ["Rows"] = entry.Rows,
        }, cancellationToken);
    }

    /// <summary>
    /// The oldest month partition kept ("yyyy-MM"): the current month of <paramref name="now"/> and the
    /// <paramref name="retentionMonths"/> whole months before it.
    /// </summary>
    public static string FirstKeptMonth(DateTimeOffset now, int retentionMonths)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retentionMonths, 1);
        var month = new DateTimeOffset(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return Month(month.AddMonths(-retentionMonths));
    }

    /// <summary>
    /// Deletes up to <see cref="MaxExpiredPerRun"/> entries of the month partitions before <paramref name="firstKeptMonth"/>:
    /// one key-range query over those partitions only (keys selected), deletes in transactions of 100. Returns how many.
    /// </summary>
    public async Task<int> ExpireAsync(string firstKeptMonth, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(firstKeptMonth);
        var keys = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey lt {firstKeptMonth}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, maxPerPage: MaxExpiredPerRun, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(e);
            if (keys.Count == MaxExpiredPerRun)
            {
                break;
            }
        }

        foreach (var partition in keys.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                await Table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, Azure.ETag.All)), cancellationToken);
            }
        }

        return keys.Count;
    }

    /// <summary>Entries between two times (inclusive), newest first, optionally for one key, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<AccessLogEntry>> QueryAsync(DateTimeOffset from, DateTimeOffset to, string? keyId, int limit, CancellationToken cancellationToken = default)
    {
        var list = new List<AccessLogEntry>();
        var month = new DateTimeOffset(to.UtcDateTime.Year, to.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var firstMonth = new DateTimeOffset(from.UtcDateTime.Year, from.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        while (month >= firstMonth && list.Count < limit)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Month(month)} and RowKey ge {RowPrefix(to)} and RowKey lt {RowPrefix(from) + "."}");
            if (keyId is { Length: > 0 })
            {
                filter += " and " + TableClient.CreateQueryFilter($"KeyId eq {keyId}");
            }

            await foreach (var e in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, MaxPageSize), cancellationToken: cancellationToken))
            {
                list.Add(new AccessLogEntry(
                    e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue, e.GetString("KeyId") ?? "", e.GetString("KeyName") ?? "", e.GetString("Role") ?? "",
                    e.GetString("TeamId"), e.GetString("Method") ?? "", e.GetString("Route") ?? "", e.GetString("Path") ?? "", e.GetString("Query") ?? "",
                    e.GetInt32("Status") ?? 0, e.GetInt64("Rows") ?? 0));
                if (list.Count == limit)
                {
                    break;
                }
            }

            month = month.AddMonths(-1);
        }

        return list;
    }
}

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

/// <summary>
/// Wraps the result of a request by an auditor or team key: runs it, then records who asked what, the status and how
/// many rows were sent (set by the handler with <see cref="AccessLogHttpContextExtensions.SetRows"/>; streamed exports
/// count while writing). The feed token is never recorded.
/// </summary>
internal sealed class AccessLoggedResult(IResult inner, ApiCaller caller, ApiRoute route, AccessLogStore store, TimeProvider time, Microsoft.Extensions.Logging.ILogger logger) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var at = time.GetUtcNow();
        try
        {
            await inner.ExecuteAsync(httpContext);
        }
        finally
        {
            var query = string.Join('&', httpContext.Request.Query
                .Where(kv => !string.Equals(kv.Key, ApiHandlers.FeedTokenParameter, StringComparison.OrdinalIgnoreCase))
                .SelectMany(kv => kv.Value.Select(v => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(v ?? ""))));
            var entry = new AccessLogEntry(at, caller.KeyId, caller.Name, caller.Role, caller.TeamId, route.Method, route.Route,
                httpContext.Request.Path.Value ?? "", query, httpContext.Response.StatusCode, httpContext.Rows());
            try
            {
                await store.AppendAsync(entry, CancellationToken.None);
            }
            catch (Azure.RequestFailedException ex)
            {
                AccessLogMessages.LogAccessLogFailed(logger, caller.KeyId, route.Name, ex);
            }
        }
    }
}

internal static partial class AccessLogMessages
{
    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Error, Message = "Could not record access by key {KeyId} to {Route}")]
    public static partial void LogAccessLogFailed(Microsoft.Extensions.Logging.ILogger logger, string keyId, string route, Exception exception);
}
