namespace Alerts.Core;

/// <summary>Operator overrides of one catalog source.</summary>
public sealed class SourceOverride
{
    /// <summary>Origin (scheme, host, port) every request of this source goes to; paths and queries stay the real service's.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Turns the source on or off.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Minutes between polls.</summary>
    public int? IntervalMinutes { get; set; }

    /// <summary>Source-kind specific settings (for example a feed's Url, a page's Selector), merged over the catalog's.</summary>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
