namespace Alerts.Core.Detection;

/// <summary>A field whose value, matched exactly (case-insensitive), adds weight to a target.</summary>
public sealed record FieldRule
{
    public required string Field { get; init; }

    public List<string> Values { get; init; } = [];

    public required string Target { get; init; }

    public double Weight { get; init; } = 1.0;
}
