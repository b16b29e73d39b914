namespace Alerts.Core.GitHub;

/// <summary>The JSON body of POST /api/github-targets (read field by field with the limits of <see cref="GitHubTargetsApi"/>).</summary>
public sealed record GitHubTargetRequest(
    string Repository,
    IReadOnlyList<string>? Labels,
    IReadOnlyList<string>? Topics,
    IReadOnlyList<string>? Jurisdictions,
    string? MinSeverity,
    IReadOnlyList<string>? Sources,
    IReadOnlyList<string>? Keywords);
