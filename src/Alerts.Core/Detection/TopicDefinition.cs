namespace Alerts.Core.Detection;

/// <summary>A topic of the taxonomy.</summary>
public sealed record TopicDefinition
{
    public string Description { get; init; } = "";

    /// <summary>Core chip topics make a binding document critical when relevance is high.</summary>
    public bool Core { get; init; }

    /// <summary>An anchor topic stands on its own; a non-anchor topic (tariffs, export-licensing) needs chip scope.</summary>
    public bool Anchor { get; init; }

    /// <summary>Score needed for this topic (default: the global threshold).</summary>
    public double? Threshold { get; init; }
}
