namespace Alerts.Core.Sources;

/// <summary>
/// Maps the keys under <c>Alerts:Sources</c> to source ids. Azure app setting names hold only letters, digits, '.' and
/// '_', and shell variable names only letters, digits and '_', so <c>Alerts__Sources__federal-register__BaseUrl</c> cannot
/// be set there: a key that is an id with its '-' written as '_' (<c>Alerts__Sources__federal_register__BaseUrl</c>)
/// names that source. Setting one source under both spellings is an error: which one would win depends on the order of
/// the configuration sources, which cannot be seen once they are merged, so start-up stops and names both.
/// </summary>
public static class SourceSettingNames
{
    /// <summary>How <paramref name="sourceId"/> is written in an app setting or shell variable name.</summary>
    public static string AppSettingName(string sourceId)
    {
        ArgumentNullException.ThrowIfNull(sourceId);
        return sourceId.Replace('-', '_');
    }

    /// <summary>
    /// The configured overrides keyed by the source id they name among <paramref name="ids"/>; a key naming no id is kept
    /// as it is (for the caller's check of unknown ids).
    /// </summary>
    public static Dictionary<string, SourceOverride> ById(IReadOnlyDictionary<string, SourceOverride> configured, IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var exact = new HashSet<string>(ids, StringComparer.OrdinalIgnoreCase);
        var underscored = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in exact)
        {
            underscored.TryAdd(AppSettingName(id), id);
        }

        var result = new Dictionary<string, SourceOverride>(StringComparer.OrdinalIgnoreCase);
        var spelledAs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in configured)
        {
            var id = exact.TryGetValue(key, out var known) ? known : underscored.GetValueOrDefault(key, key);
            if (spelledAs.TryGetValue(id, out var other))
            {
                var (hyphens, underscores) = other.Contains('-', StringComparison.Ordinal) ? (other, key) : (key, other);
                throw new OptionsValidationException(AlertsOptions.SectionName, typeof(AlertsOptions),
                    [$"Alerts:Sources:{hyphens} and Alerts:Sources:{underscores} both set source {id}: keep one spelling " +
                        "(with '_' where the name must be letters, digits and '_', as in Azure app settings and shell variables)."]);
            }

            spelledAs[id] = key;
            result[id] = value;
        }

        return result;
    }
}
