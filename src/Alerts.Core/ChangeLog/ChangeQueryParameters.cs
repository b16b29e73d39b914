namespace Alerts.Core.ChangeLog;

/// <summary>The query parameters of GET /api/changes, its exports and its Atom feed, read into a <see cref="ChangeQuery"/> or an error to show.</summary>
internal static class ChangeQueryParameters
{
    private static readonly string[] Severities = [.. WireWords.All<Severity>().Reverse()];

    public static (ChangeQuery? Query, string? Error) Parse(IQueryCollection q)
    {
        DateTimeOffset? from = null, to = null;
        if (q["from"].ToString() is { Length: > 0 } f)
        {
            if (!ApiQuery.TryParseDate(f, false, out var v))
            {
                return (null, $"from: '{f}' is not a date (use 2026-11-01 or 2026-11-01T12:00:00Z).");
            }

            from = v;
        }

        if (q["to"].ToString() is { Length: > 0 } t)
        {
            if (!ApiQuery.TryParseDate(t, true, out var v))
            {
                return (null, $"to: '{t}' is not a date (use 2026-11-30 or 2026-11-30T12:00:00Z).");
            }

            to = v;
        }

        if (from > to)
        {
            return (null, "from must not be after to.");
        }

        var pageSize = 50;
        if (q["pageSize"].ToString() is { Length: > 0 } ps
            && (!int.TryParse(ps, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > ChangeQueryService.MaxPageSize))
        {
            return (null, $"pageSize must be a whole number from 1 to {ChangeQueryService.MaxPageSize}.");
        }

        var order = q["order"].ToString() is { Length: > 0 } o ? o.ToLowerInvariant() : "newest";
        if (order is not ("newest" or "oldest"))
        {
            return (null, "order must be newest or oldest.");
        }

        var sources = q["source"].Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (sources.Count > 20 || sources.Any(s => s.Length > 100))
        {
            return (null, "At most 20 source values, each at most 100 characters.");
        }

        Severity? severity = null;
        if (Optional(q, "severity")?.ToLowerInvariant() is { } severityWord)
        {
            if (!WireWords.TryParse<Severity>(severityWord, out var parsed))
            {
                return (null, $"severity must be one of {string.Join(", ", Severities)}.");
            }

            severity = parsed;
        }

        foreach (var (name, max) in new[] { ("jurisdiction", 16), ("topic", 64), ("story", 128), ("q", 200) })
        {
            if (Optional(q, name) is { } v && (v.Length > max || v.Any(char.IsControl)))
            {
                return (null, $"{name} may be at most {max} characters, without control characters.");
            }
        }

        return (new ChangeQuery
        {
            From = from,
            To = to,
            Sources = sources,
            Jurisdiction = Optional(q, "jurisdiction"),
            Topic = Optional(q, "topic"),
            Severity = severity,
            Story = Optional(q, "story"),
            Text = Optional(q, "q"),
            Order = order,
            PageSize = pageSize,
        }, null);
    }

    private static string? Optional(IQueryCollection q, string name) => q[name].ToString() is { Length: > 0 } v && v.Trim().Length > 0 ? v.Trim() : null;
}
