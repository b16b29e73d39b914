using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

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

/// <summary>The classifier's data: topics, document types, field rules and term groups (see docs/detection.md).</summary>
public sealed record ClassifierDictionary
{
    /// <summary>With true, a file loaded from configuration replaces the built-in dictionary instead of extending it.</summary>
    public bool Replace { get; init; }

    public ClassifierSettings Settings { get; init; } = new();

    public Dictionary<string, TopicDefinition> Topics { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, DocumentTypeDefinition> DocumentTypes { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public List<FieldRule> FieldRules { get; init; } = [];

    public List<TermGroup> Groups { get; init; } = [];

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>The dictionary compiled into Alerts.Core.</summary>
    public static ClassifierDictionary BuiltIn()
    {
        using var stream = typeof(ClassifierDictionary).Assembly.GetManifestResourceStream("Alerts.Core.Detection.Dictionary.classifier.json")
            ?? throw new InvalidOperationException("The built-in classifier dictionary is missing from Alerts.Core.");
        return JsonSerializer.Deserialize<ClassifierDictionary>(stream, JsonOptions) ?? throw new InvalidOperationException("The built-in classifier dictionary is empty.");
    }

    /// <summary>Parses a dictionary file; a clear error names the file when it is not valid.</summary>
    public static ClassifierDictionary Parse(string json, string name)
    {
        try
        {
            var d = JsonSerializer.Deserialize<ClassifierDictionary>(json, JsonOptions) ?? throw new JsonException("empty");
            d.Validate(name);
            return d;
        }
        catch (JsonException ex)
        {
            throw new OptionsValidationException(ClassifierOptions.SectionName, typeof(ClassifierOptions),
                [$"Alerts:Classifier:DictionaryPath: '{name}' is not a valid classifier dictionary: {ex.Message}"]);
        }
    }

    /// <summary>The built-in dictionary with the configured file (if any) merged over it.</summary>
    public static ClassifierDictionary Load(string? path)
    {
        var builtIn = BuiltIn();
        if (string.IsNullOrWhiteSpace(path))
        {
            return builtIn;
        }

        if (!File.Exists(path))
        {
            throw new OptionsValidationException(ClassifierOptions.SectionName, typeof(ClassifierOptions), [$"Alerts:Classifier:DictionaryPath points to '{path}', which does not exist."]);
        }

        var extra = Parse(File.ReadAllText(path), path);
        return extra.Replace ? extra : builtIn.Merge(extra);
    }

    /// <summary>This dictionary extended by another: groups and field rules added, topics, document types and settings overridden by name.</summary>
    public ClassifierDictionary Merge(ClassifierDictionary other)
    {
        var topics = new Dictionary<string, TopicDefinition>(Topics, StringComparer.Ordinal);
        foreach (var (k, v) in other.Topics)
        {
            topics[k] = v;
        }

        var types = new Dictionary<string, DocumentTypeDefinition>(DocumentTypes, StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in other.DocumentTypes)
        {
            types[k] = v;
        }

        return this with
        {
            Settings = other.Settings == new ClassifierSettings() ? Settings : other.Settings,
            Topics = topics,
            DocumentTypes = types,
            FieldRules = [.. FieldRules, .. other.FieldRules],
            Groups = [.. Groups, .. other.Groups],
        };
    }

    private void Validate(string name)
    {
        foreach (var g in Groups)
        {
            if (string.IsNullOrWhiteSpace(g.Target))
            {
                throw new JsonException($"a group in {name} has no target");
            }

            if (g.Kind is not (null or "word" or "cjk" or "code"))
            {
                throw new JsonException($"group '{g.Target}' has kind '{g.Kind}'; use word, cjk or code");
            }
        }
    }
}

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

/// <summary>How a document type weighs.</summary>
public sealed record DocumentTypeDefinition
{
    [Range(0, 1)]
    public double Factor { get; init; } = 0.8;

    /// <summary>Base severity of a relevant document of this type.</summary>
    public string Severity { get; init; } = "medium";

    /// <summary>The document is itself law or binding action (rule, CFR text, official announcement).</summary>
    public bool Binding { get; init; }

    /// <summary>When set, the only topics a document of this type can have (an Entity List entry is entity-list, whatever its remarks say).</summary>
    public List<string>? Topics { get; init; }
}

/// <summary>A field whose value, matched exactly (case-insensitive), adds weight to a target.</summary>
public sealed record FieldRule
{
    public required string Field { get; init; }

    public List<string> Values { get; init; } = [];

    public required string Target { get; init; }

    public double Weight { get; init; } = 1.0;
}

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
