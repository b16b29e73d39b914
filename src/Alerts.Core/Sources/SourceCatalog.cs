using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

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
        _sources = new Dictionary<string, SourceDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in file)
        {
            var def = s;
            if (o.Sources.TryGetValue(s.Id, out var ov))
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

        var unknown = o.Sources.Keys.Where(k => !_sources.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new OptionsValidationException(AlertsOptions.SectionName, typeof(AlertsOptions),
                [$"Alerts:Sources:{unknown[0]} names no source in the catalog; known ids: {string.Join(", ", _sources.Keys.Order())}."]);
        }
    }

    /// <summary>Every source, enabled or not, in catalog order.</summary>
    public IReadOnlyCollection<SourceDefinition> All => _sources.Values;

    public SourceDefinition? Find(string id) => _sources.GetValueOrDefault(id);

    private static List<SourceDefinition> Load(string? path)
    {
        Stream stream;
        if (!string.IsNullOrEmpty(path))
        {
            if (!File.Exists(path))
            {
                throw new OptionsValidationException(AlertsOptions.SectionName, typeof(AlertsOptions), [$"Alerts:CatalogPath points to '{path}', which does not exist."]);
            }

            stream = File.OpenRead(path);
        }
        else
        {
            stream = typeof(SourceCatalog).Assembly.GetManifestResourceStream("Alerts.Core.Catalog.sources.json")
                ?? throw new InvalidOperationException("The built-in source catalog is missing from the assembly.");
        }

        using (stream)
        {
            var file = JsonSerializer.Deserialize<CatalogFile>(stream, JsonOptions)
                ?? throw new InvalidOperationException("The source catalog is empty.");
            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var s in file.Sources)
            {
                if (!ids.Add(s.Id))
                {
                    throw new OptionsValidationException(AlertsOptions.SectionName, typeof(AlertsOptions), [$"The source catalog names '{s.Id}' twice."]);
                }
            }

            return file.Sources;
        }
    }

    private sealed record CatalogFile([property: JsonPropertyName("sources")] List<SourceDefinition> Sources);
}
