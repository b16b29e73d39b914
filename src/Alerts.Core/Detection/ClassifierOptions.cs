namespace Alerts.Core.Detection;

/// <summary>Settings under <c>Alerts:Classifier</c>.</summary>
public sealed class ClassifierOptions
{
    public const string SectionName = "Alerts:Classifier";

    /// <summary>
    /// Path of a dictionary file (same shape as the built-in Detection/Dictionary/classifier.json) merged over the
    /// built-in one: its groups are added, its topics, document types and settings override by name; with
    /// <c>"replace": true</c> it replaces the built-in dictionary. Read at start-up; no rebuild needed.
    /// </summary>
    public string? DictionaryPath { get; set; }
}
