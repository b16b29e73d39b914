namespace Alerts.Tests.Harness;

/// <summary>Configuration for tests: later settings over earlier ones, as a host's configuration layers them.</summary>
public static class TestSettings
{
    /// <summary>Writes every setting of <paramref name="over"/> into <paramref name="settings"/> (a key in both takes the new value); returns <paramref name="settings"/>.</summary>
    public static Dictionary<string, string?> Overlay(this Dictionary<string, string?> settings, IEnumerable<KeyValuePair<string, string?>>? over)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (k, v) in over ?? [])
        {
            settings[k] = v;
        }

        return settings;
    }
}
