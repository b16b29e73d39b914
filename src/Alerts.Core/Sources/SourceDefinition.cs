namespace Alerts.Core.Sources;

/// <summary>A source as the catalog and configuration define it.</summary>
public sealed record SourceDefinition
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public string Name { get; init; } = "";
    public bool Enabled { get; init; } = true;
    public int IntervalMinutes { get; init; } = 15;
    /// <summary>Jurisdiction of the publisher (US, CN, EU, NL, JP, ...), a hint for the classifier.</summary>
    public string Jurisdiction { get; init; } = "other";
    /// <summary>True for official sources; false for news.</summary>
    public bool Official { get; init; } = true;
    /// <summary>The real service's origin, e.g. https://www.federalregister.gov.</summary>
    public required string DefaultBaseUrl { get; init; }
    /// <summary>Operator override of the origin.</summary>
    public string? BaseUrl { get; init; }
    /// <summary>Snapshot scope shared by sources that see the same items (both Federal Register sources).</summary>
    public string? SnapshotScope { get; init; }
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public string EffectiveBaseUrl => string.IsNullOrEmpty(BaseUrl) ? DefaultBaseUrl : BaseUrl;

    public string Scope => SnapshotScope ?? Id;

    public string? Setting(string key) => Settings.TryGetValue(key, out var v) && !string.IsNullOrEmpty(v) ? v : null;

    public int IntSetting(string key, int fallback) =>
        int.TryParse(Setting(key), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
