using Alerts.Core.ChangeLog;

namespace Alerts.Core.Webhooks;

/// <summary>
/// Which changes a team target receives (the e-mail subscribers' filters): every non-empty list must match (topics,
/// jurisdictions, sources: any of the listed; keywords: any appears in title, summary or description) and the severity
/// must be at least <see cref="MinSeverity"/>. Empty filters match everything.
/// </summary>
public sealed record TeamFilters
{
    public IReadOnlyList<string> Topics { get; init; } = [];
    public IReadOnlyList<string> Jurisdictions { get; init; } = [];
    public string? MinSeverity { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
    public IReadOnlyList<string> Keywords { get; init; } = [];

    public bool Matches(ChangeRecord change)
    {
        if (Topics.Count > 0 && !Topics.Any(t => change.Topics.Contains(t, StringComparer.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (Jurisdictions.Count > 0 && !Jurisdictions.Contains(change.Jurisdiction, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Sources.Count > 0 && !Sources.Contains(change.SourceId, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        if (MinSeverity is { } min && WireWords.TryParse<Severity>(min, out var minimum, ignoreCase: true) && change.Severity < minimum)
        {
            return false;
        }

        if (Keywords.Count > 0)
        {
            var text = string.Join('\n', change.Title, change.Summary, change.Description);
            if (!Keywords.Any(k => text.Contains(k, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads the filter fields of a request body; an error names the field.</summary>
    public static (TeamFilters? Filters, string? Error) Parse(JsonElement body)
    {
        var lists = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var name in new[] { "topics", "jurisdictions", "sources", "keywords" })
        {
            if (!body.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null)
            {
                lists[name] = [];
                continue;
            }

            if (p.ValueKind != JsonValueKind.Array)
            {
                return (null, $"{name} must be an array of strings.");
            }

            var items = new List<string>();
            foreach (var e in p.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.String || e.GetString() is not { } s || string.IsNullOrWhiteSpace(s) || s.Length > 100)
                {
                    return (null, $"{name} must hold non-empty strings of at most 100 characters.");
                }

                items.Add(s.Trim());
            }

            if (items.Count > 50)
            {
                return (null, $"{name} may hold at most 50 entries (got {items.Count}).");
            }

            lists[name] = [.. items.Distinct(StringComparer.OrdinalIgnoreCase)];
        }

        string? min = null;
        if (body.TryGetProperty("minSeverity", out var m) && m.ValueKind != JsonValueKind.Null)
        {
            if (m.ValueKind != JsonValueKind.String || !WireWords.TryParse<Severity>(m.GetString(), out _, ignoreCase: true))
            {
                return (null, $"minSeverity must be one of {string.Join(", ", WireWords.All<Severity>())}.");
            }

            min = m.GetString()!.ToLowerInvariant();
        }

        return (new TeamFilters
        {
            Topics = lists["topics"],
            Jurisdictions = lists["jurisdictions"],
            Sources = lists["sources"],
            Keywords = lists["keywords"],
            MinSeverity = min,
        }, null);
    }
}
