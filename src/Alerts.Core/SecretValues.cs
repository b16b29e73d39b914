namespace Alerts.Core;

/// <summary>What every options class may ask of a secret's text (the start-up checks are <see cref="SecretSettings"/>).</summary>
public static class SecretValues
{
    /// <summary>True when <paramref name="value"/> is plainly a reference that was never replaced by the value it names.</summary>
    public static bool IsUnresolvedReference(string? value) =>
        value is not null
        && (value.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase)
            || value.TrimStart().StartsWith("${", StringComparison.Ordinal)
            || value.TrimStart().StartsWith("$(", StringComparison.Ordinal));
}
