using System.ComponentModel.DataAnnotations;

namespace Alerts.Core.GitHub;

/// <summary>
/// Settings under <c>Alerts:GitHub</c>, the one place GitHub is configured: the API address and token used by the github
/// source kind, the issue channel and anchoring, and the issue channel's story claims. Validated at start.
/// </summary>
public sealed partial class GitHubOptions : IValidatableObject
{
    public const string SectionName = "Alerts:GitHub";

    /// <summary>
    /// GitHub API origin: unset for https://api.github.com; a GitHub Enterprise server or a local test server otherwise
    /// (the API is then under /api/v3/). A github source's own Alerts:Sources:&lt;id&gt;:BaseUrl wins over this one.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// Token (configuration locally, a Key Vault reference in Azure): issues:write on issue target repositories,
    /// contents:write on the anchoring repository; optional for the github source. Never logged.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// How long a delivery's claim to open a story's issue holds before another delivery may take it over (the claimer is then
    /// taken for dead), in seconds (120 by default). Keep it above the time one GitHub request may take (Octokit's 100 s).
    /// </summary>
    [Range(100, 24 * 3600)]
    public int StoryClaimLeaseSeconds { get; set; } = 120;

    /// <summary>How long a delivery that finds its story's issue being opened by another one waits before trying again, in seconds (5 by default).</summary>
    [Range(1, 300)]
    public int StoryClaimWaitSeconds { get; set; } = 5;

    /// <summary>
    /// Most GitHub issue targets one team may register (25 by default); one more is refused with a 409 problem
    /// <c>github-target-cap</c> naming this setting (Alerts:GitHub:MaxTargetsPerTeam).
    /// </summary>
    [Range(1, 10_000)]
    public int MaxTargetsPerTeam { get; set; } = 25;

    /// <summary>
    /// Relative jitter of the issue channel's retry delays (0.1 = plus or minus 10 %), on the webhooks' schedule
    /// (Alerts:GitHub:RetryJitter; the webhooks have their own, Alerts:Webhooks:RetryJitter).
    /// </summary>
    [Range(0, 0.5)]
    public double RetryJitter { get; set; } = 0.1;

    /// <summary>
    /// The repositories teams may register as issue targets, chosen by an administrator, since issues are opened with the
    /// service's token and not the team's: a comma-separated list of <c>owner/name</c> and <c>owner/*</c>, or <c>*</c> for
    /// any. Unset (the default): none, so the GitHub channel is off until an administrator allows a repository.
    /// </summary>
    public string? AllowedRepositories { get; set; }

    /// <summary>True when <paramref name="owner"/>/<paramref name="repository"/> is in <see cref="AllowedRepositories"/> (GitHub names compare without case).</summary>
    public bool Allows(string owner, string repository) =>
        AllowedEntries().Any(e => e == "*"
            || string.Equals(e, owner + "/*", StringComparison.OrdinalIgnoreCase)
            || string.Equals(e, owner + "/" + repository, StringComparison.OrdinalIgnoreCase));

    private string[] AllowedEntries() =>
        (AllowedRepositories ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in AllowedEntries())
        {
            if (entry != "*" && !AllowedEntryPattern().IsMatch(entry))
            {
                yield return new ValidationResult($"Alerts:GitHub:AllowedRepositories holds '{entry}': each entry must be owner/name, owner/* or * (comma-separated).", [nameof(AllowedRepositories)]);
            }
        }

        if (BaseUrl is { Length: > 0 } b && (!Uri.TryCreate(b, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult($"Alerts:GitHub:BaseUrl must be an absolute http or https URL, like https://github.example.com (got '{b}').", [nameof(BaseUrl)]);
        }
    }

    /// <summary>Keeps the token out of logs and exception messages.</summary>
    public override string ToString() => $"GitHubOptions {{ BaseUrl = {BaseUrl}, Token = {(string.IsNullOrEmpty(Token) ? "none" : "***")} }}";

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/(?:\*|[A-Za-z0-9._-]{1,100})$")]
    private static partial System.Text.RegularExpressions.Regex AllowedEntryPattern();
}
