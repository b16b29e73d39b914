namespace Alerts.Core.Detection;

/// <summary>
/// A first, small classifier: a handful of English terms per topic. The detection-quality work replaces it with the
/// data-driven one; the contract (<see cref="IChangeClassifier"/>) stays.
/// </summary>
public sealed class KeywordClassifier : IChangeClassifier
{
    private static readonly (string Topic, string[] Terms)[] Topics =
    [
        ("ai-chips", ["advanced computing", "3A090", "4A090", "artificial intelligence", "H20", "H100", "H200", "B200", "MI300", "Ascend", "GPU"]),
        ("chip-equipment", ["semiconductor manufacturing equipment", "3B001", "3B090", "3B993", "lithography"]),
        ("entity-list", ["Entity List"]),
        ("export-licensing", ["Export Administration Regulations", "license requirement", "foreign direct product", "de minimis", "license exception"]),
        ("tariffs", ["tariff", "Section 301", "Section 232", "duty", "duties", "9903."]),
        ("critical-minerals", ["gallium", "germanium", "antimony", "graphite", "rare earth"]),
    ];

    public Classification Classify(ClassificationInput input)
    {
        var text = $"{input.Title} {input.Summary} {string.Join(' ', input.Fields.Values)}";
        var matched = new List<string>();
        var topics = new List<string>();
        foreach (var (topic, terms) in Topics)
        {
            var hits = terms.Where(t => text.Contains(t, StringComparison.OrdinalIgnoreCase)).ToList();
            if (hits.Count > 0)
            {
                topics.Add(topic);
                matched.AddRange(hits.Select(h => $"{topic}:{h}"));
            }
        }

        var type = input.DocumentType ?? "";
        var severity = topics.Count == 0 ? "info"
            : type.Equals("Rule", StringComparison.OrdinalIgnoreCase) ? "high"
            : type.Equals("Proposed Rule", StringComparison.OrdinalIgnoreCase) ? "medium"
            : "low";
        var relevance = Math.Min(1.0, topics.Count * 0.3);
        var summary = input.ChangeType switch
        {
            "added" => $"New: {input.Title}",
            "removed" => $"Removed: {input.Title}",
            _ => $"Changed: {input.Title} ({string.Join(", ", input.Diff.Select(d => d.Field))})",
        };
        return new Classification(input.Source.Jurisdiction, topics, severity, Math.Round(relevance, 3), matched, summary);
    }
}
