namespace Alerts.Core.Detection;

/// <summary>Global weights and thresholds.</summary>
public sealed record ClassifierSettings
{
    /// <summary>Score a topic needs to be assigned.</summary>
    public double TopicThreshold { get; init; } = 1.0;

    /// <summary>Relevance is 1 - exp(-score / scale), times the document type's factor.</summary>
    public double RelevanceScale { get; init; } = 3.0;

    /// <summary>Relevance from which a binding document about a core topic is critical.</summary>
    public double CriticalRelevance { get; init; } = 0.8;

    /// <summary>Weight multiplier for a term found in the title.</summary>
    public double TitleBoost { get; init; } = 1.5;

    /// <summary>Weight multiplier for a term found only in a document's full text (fetched when its metadata was thin).</summary>
    public double FullTextBoost { get; init; } = 1.0;
}
