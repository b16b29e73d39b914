namespace Alerts.Core.Detection;

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
