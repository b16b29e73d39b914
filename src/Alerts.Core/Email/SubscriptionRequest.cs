namespace Alerts.Core.Email;

/// <summary>The JSON a subscriber sends: an address (sign-up only) and preferences.</summary>
public sealed record SubscriptionRequest
{
    public string? Email { get; init; }
    public List<string>? Topics { get; init; }
    public List<string>? Jurisdictions { get; init; }
    public string? MinSeverity { get; init; }
    public List<string>? Sources { get; init; }
    public List<string>? Keywords { get; init; }
    public string? Mode { get; init; }
    public string? Digest { get; init; }
    public int? Hour { get; init; }
    public string? Day { get; init; }
    public string? TimeZone { get; init; }
    public string? Granularity { get; init; }

    public SubscriptionPreferences ToPreferences() => new()
    {
        Topics = Clean(Topics),
        Jurisdictions = Clean(Jurisdictions),
        MinSeverity = MinSeverity?.Trim().ToLowerInvariant() ?? "info",
        Sources = Clean(Sources),
        Keywords = Clean(Keywords),
        Mode = Mode?.Trim().ToLowerInvariant() ?? "immediate",
        Digest = Digest?.Trim().ToLowerInvariant() ?? "daily",
        Hour = Hour ?? 8,
        Day = Day?.Trim().ToLowerInvariant() ?? "monday",
        TimeZone = TimeZone?.Trim() ?? "UTC",
        Granularity = Granularity?.Trim() ?? "perChange",
    };

    private static List<string> Clean(List<string>? values) => values is null ? [] : [.. values.Select(v => v?.Trim() ?? "").Distinct(StringComparer.OrdinalIgnoreCase)];
}
