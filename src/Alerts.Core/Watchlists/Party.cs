namespace Alerts.Core.Watchlists;

/// <summary>A party to compare: its name, alternative names and countries (ISO codes or names, compared case-insensitively).</summary>
public sealed record Party(string Id, string Name, IReadOnlyList<string> Aliases, IReadOnlyList<string> Countries)
{
    public IEnumerable<string> AllNames => new[] { Name }.Concat(Aliases).Where(n => !string.IsNullOrWhiteSpace(n));
}
