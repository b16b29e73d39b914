namespace Alerts.Core.Detection;

/// <summary>Terms with one target (a topic or an @-cue) and one weight.</summary>
public sealed record TermGroup
{
    public required string Target { get; init; }

    public double Weight { get; init; } = 1.0;

    /// <summary>word, cjk or code; null: per term, cjk when it has CJK characters, otherwise word.</summary>
    public string? Kind { get; init; }

    /// <summary>Match the terms with their case (names like Ascend or Micron that are also common words).</summary>
    public bool CaseSensitive { get; init; }

    /// <summary>The terms count only when the document is about chips (scope terms or an anchor topic other than entity-list): "MOFCOM" or "anti-dumping" alone is not a chip countermeasure.</summary>
    public bool RequiresScope { get; init; }

    public List<string> Terms { get; init; } = [];
}
