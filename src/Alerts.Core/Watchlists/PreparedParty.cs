namespace Alerts.Core.Watchlists;

/// <summary>A party with its names normalised once.</summary>
public sealed record PreparedParty(Party Party, IReadOnlyList<NormalizedName> Names)
{
    public static PreparedParty Of(Party party) => new(party, [.. party.AllNames.Distinct(StringComparer.Ordinal).Select(NameNormalizer.Normalize).Where(n => !n.IsEmpty)]);

    /// <summary>The party's countries as compared (ISO codes for the common names), worked out once.</summary>
    internal IReadOnlyList<string> CountryCodes { get; } = [.. Party.Countries.Select(NameMatcher.Country).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal)];
}
