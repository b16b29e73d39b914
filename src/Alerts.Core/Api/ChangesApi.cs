using System.Globalization;
using System.Text.Json;
using Alerts.Core.ChangeLog;
using Microsoft.AspNetCore.Http;

namespace Alerts.Core.Api;

/// <summary>The change-log endpoints, shared by both hosts.</summary>
public sealed class ChangesApi(ChangeQueryService queries, ChangeLogStore store, ChangeLogVerifier verifier, ContinuationTokens tokens)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var (query, error) = ParseQuery(request.Query);
        if (error is not null)
        {
            return Problems.InvalidRequest(error);
        }

        long? start = null;
        if (request.Query["continuationToken"].ToString() is { Length: > 0 } token)
        {
            start = tokens.Read(token, query!.Fingerprint());
            if (start is null)
            {
                return Problems.InvalidRequest("continuationToken is not valid for this query: it was edited, forged, or made for other filters. Start again without it.");
            }
        }

        var page = await queries.QueryAsync(query!, start, cancellationToken);
        return Results.Json(new
        {
            items = page.Items.Select(c => c with { Diff = [] }),
            continuationToken = page.NextSequence is { } next ? tokens.Create(next, query!.Fingerprint()) : null,
        }, Json);
    }

    public async Task<IResult> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var change = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            ? await store.GetAsync(seq, cancellationToken)
            : await store.FindAsync(id, cancellationToken);
        return change is null ? Problems.NotFound($"No change '{id}'.") : Results.Json(change, Json);
    }

    public async Task<IResult> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var r = await verifier.VerifyAsync(cancellationToken: cancellationToken);
        return Results.Json(new
        {
            ok = r.Ok,
            @checked = r.Checked,
            headSequence = r.HeadSequence,
            headHash = r.HeadHash,
            firstBadSequence = r.FirstBadSequence,
            firstBadChangeId = r.FirstBadChangeId,
            problem = r.Problem,
            message = r.Describe(),
        }, Json, statusCode: r.Ok ? 200 : 409);
    }

    internal static (ChangeQuery? Query, string? Error) ParseQuery(IQueryCollection q)
    {
        DateTimeOffset? from = null, to = null;
        if (q["from"].ToString() is { Length: > 0 } f)
        {
            if (!TryParseDate(f, false, out var v))
            {
                return (null, $"from: '{f}' is not a date (use 2026-11-01 or 2026-11-01T12:00:00Z).");
            }

            from = v;
        }

        if (q["to"].ToString() is { Length: > 0 } t)
        {
            if (!TryParseDate(t, true, out var v))
            {
                return (null, $"to: '{t}' is not a date (use 2026-11-30 or 2026-11-30T12:00:00Z).");
            }

            to = v;
        }

        var pageSize = 50;
        if (q["pageSize"].ToString() is { Length: > 0 } ps && (!int.TryParse(ps, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > ChangeQueryService.MaxPageSize))
        {
            return (null, $"pageSize must be a whole number from 1 to {ChangeQueryService.MaxPageSize}.");
        }

        var order = q["order"].ToString() is { Length: > 0 } o ? o.ToLowerInvariant() : "newest";
        if (order is not ("newest" or "oldest"))
        {
            return (null, "order must be newest or oldest.");
        }

        var sources = q["source"].Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (sources.Count > 20)
        {
            return (null, "At most 20 source values.");
        }

        return (new ChangeQuery
        {
            From = from,
            To = to,
            Sources = sources,
            Jurisdiction = Optional(q, "jurisdiction"),
            Topic = Optional(q, "topic"),
            Severity = Optional(q, "severity"),
            Story = Optional(q, "story"),
            Order = order,
            PageSize = pageSize,
        }, null);
    }

    private static string? Optional(IQueryCollection q, string name) => q[name].ToString() is { Length: > 0 } v ? v.Trim() : null;

    /// <summary>A date (whole day: start, or end with <paramref name="endOfDay"/>) or a date-time; UTC unless an offset is given.</summary>
    public static bool TryParseDate(string s, bool endOfDay, out DateTimeOffset value)
    {
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            value = new DateTimeOffset(d.ToDateTime(endOfDay ? TimeOnly.MaxValue : TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }
}
