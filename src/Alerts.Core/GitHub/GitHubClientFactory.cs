using Octokit;
using Octokit.Internal;

namespace Alerts.Core.GitHub;

/// <summary>
/// The one way to GitHub: Octokit on IHttpClientFactory's handler (<c>HttpClientAdapter(factory.CreateHandler)</c>), at
/// Alerts:GitHub:BaseUrl (or a source's own base URL) with Alerts:GitHub:Token.
/// </summary>
public sealed class GitHubClientFactory(IHttpMessageHandlerFactory handlers, IOptions<GitHubOptions> options)
{
    public const string DefaultApi = "https://api.github.com/";

    /// <summary>The named HTTP client (handler pipeline) of each use.</summary>
    public static string HttpClientName(GitHubUse use) => use switch
    {
        GitHubUse.Source => "github-source",
        GitHubUse.Anchors => "github-anchors",
        _ => "github",
    };

    /// <summary>A client for <paramref name="use"/>; <paramref name="baseUrl"/> (when set) replaces Alerts:GitHub:BaseUrl.</summary>
    public GitHubClient Create(GitHubUse use, string? baseUrl = null)
    {
        var o = options.Value;
        var credentials = o.Token is { Length: > 0 } token ? new Credentials(token) : Credentials.Anonymous;
        var name = HttpClientName(use);
        var connection = new Connection(
            new ProductHeaderValue("export-policy-alerts", "1.0"),
            ApiAddress(baseUrl is { Length: > 0 } ? baseUrl : o.BaseUrl),
            new InMemoryCredentialStore(credentials),
            new HttpClientAdapter(() => handlers.CreateHandler(name)),
            new SimpleJsonSerializer());
        return new GitHubClient(connection);
    }

    /// <summary>
    /// The API address Octokit's own constructor would use: api.github.com (or github.com, or unset) as https://api.github.com/,
    /// any other server in the GitHub Enterprise form /api/v3/ (Octokit only does this fix-up in GitHubClient's constructor, not
    /// for a Connection).
    /// </summary>
    public static Uri ApiAddress(string? baseUrl)
    {
        var uri = new Uri(baseUrl is { Length: > 0 } b ? b.TrimEnd('/') + "/" : DefaultApi, UriKind.Absolute);
        if (uri.Host.Equals("api.github.com", StringComparison.OrdinalIgnoreCase) || uri.Host.Equals("github.com", StringComparison.OrdinalIgnoreCase))
        {
            return GitHubClient.GitHubApiUrl;
        }

        return uri.AbsolutePath.EndsWith("/api/v3/", StringComparison.OrdinalIgnoreCase) ? uri : new Uri(uri, "api/v3/");
    }
}
