namespace Alerts.Core.Sources;

/// <summary>The sources this install watches: the built-in catalog (or Alerts:CatalogPath), with configuration overrides applied.</summary>
public sealed class SourceCatalog
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly Dictionary<string, SourceDefinition> _sources;

    public SourceCatalog(IOptions<AlertsOptions> options)
    {
        var o = options.Value;
        var file = Load(o.CatalogPath);
        var overrides = SourceSettingNames.ById(o.Sources, file.Select(s => s.Id));
        _sources = new Dictionary<string, SourceDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in file)
        {
            var def = s;
            if (overrides.TryGetValue(s.Id, out var ov))
            {
                var settings = new Dictionary<string, string>(s.Settings, StringComparer.OrdinalIgnoreCase);
                foreach (var (k, v) in ov.Settings)
                {
                    settings[k] = v;
                }

                def = s with
                {
                    BaseUrl = string.IsNullOrEmpty(ov.BaseUrl) ? s.BaseUrl : ov.BaseUrl.TrimEnd('/'),
                    Enabled = ov.Enabled ?? s.Enabled,
                    IntervalMinutes = ov.IntervalMinutes ?? s.IntervalMinutes,
                    Settings = settings,
                };
            }

            _sources[s.Id] = def;
        }

        var unknown = overrides.Keys.Where(k => !_sources.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new OptionsValidationException(AlertsOptions.SectionName, typeof(AlertsOptions),
                [$"Alerts:Sources:{unknown[0]} names no source in the catalog; known ids: {string.Join(", ", _sources.Keys.Order())}."]);
        }
    }

    // Sources operators added at run time (stored in the sources table; see SourceOverrides), replaced on refresh.
    private volatile Dictionary<string, SourceDefinition> _added = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every source, enabled or not: the catalog's in catalog order, then those operators added.</summary>
    public IReadOnlyCollection<SourceDefinition> All => [.. _sources.Values, .. _added.Values.Where(a => !_sources.ContainsKey(a.Id))];

    public SourceDefinition? Find(string id) => _sources.GetValueOrDefault(id) ?? _added.GetValueOrDefault(id);

    /// <summary>True for a source of the catalog file (which operators can disable but not remove).</summary>
    public bool IsBuiltIn(string id) => _sources.ContainsKey(id);

    /// <summary>Replaces the operator-added sources (called after reading them from storage).</summary>
    public void SetAdded(IEnumerable<SourceDefinition> added) =>
        _added = added.Where(a => !_sources.ContainsKey(a.Id)).ToDictionary(a => a.Id, StringComparer.OrdinalIgnoreCase);

    private static List<SourceDefinition> Load(string? path)
    {
        var sources = new List<SourceDefinition>();
        if (!string.IsNullOrEmpty(path))
        {
            if (!File.Exists(path))
            {
                throw new OptionsValidationException(AlertsOptions.SectionName, typeof(AlertsOptions), [$"Alerts:CatalogPath points to '{path}', which does not exist."]);
            }

            using var stream = File.OpenRead(path);
            sources.AddRange(Read(stream, path));
        }
        else
        {
            // The built-in catalog is every embedded Catalog/sources*.json, in name order.
            var assembly = typeof(SourceCatalog).Assembly;
            foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Alerts.Core.Catalog.sources", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                sources.AddRange(Read(stream, name));
            }
        }

        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in sources)
        {
            if (!ids.Add(s.Id))
            {
                throw new OptionsValidationException(AlertsOptions.SectionName, typeof(AlertsOptions), [$"The source catalog names '{s.Id}' twice."]);
            }
        }

        return sources;
    }

    private static List<SourceDefinition> Read(Stream stream, string name)
    {
        try
        {
            return JsonSerializer.Deserialize<CatalogFile>(stream, JsonOptions)?.Sources
                ?? throw new OptionsValidationException(AlertsOptions.SectionName, typeof(AlertsOptions), [$"The source catalog {name} is empty."]);
        }
        catch (JsonException ex)
        {
            throw new OptionsValidationException(AlertsOptions.SectionName, typeof(AlertsOptions), [$"The source catalog {name} is not valid: {ex.Message}"]);
        }
    }

    private sealed record CatalogFile([property: JsonPropertyName("sources")] List<SourceDefinition> Sources);
}
