using Alerts.Core.GitHub;
using Alerts.Core.Sources.FederalRegister;
using Octokit;

namespace Alerts.Core.Sources.GitHub;

/// <summary>
/// A GitHub repository's releases or the commits that touch a path, read with Octokit through IHttpClientFactory. The base
/// URL is the source's (Alerts:Sources:&lt;id&gt;:BaseUrl), else Alerts:GitHub:BaseUrl, else https://api.github.com; a token
/// (Alerts:GitHub:Token) is optional. A rate limit (403/429 with x-ratelimit-reset or retry-after) is a wait when GitHub
/// says how long, otherwise a clear failure.
/// Settings: repository (owner/name, required), watch (releases|commits, default releases), path (for commits), maxPages (default 5, 100 per page).
/// </summary>
public sealed class GitHubSource(GitHubClientFactory clients) : ISourceAdapter
{
    public const string KindName = "github";

    public string Kind => KindName;

    public async Task<FetchResult> FetchAsync(SourceContext context, CancellationToken cancellationToken = default)
    {
        var source = context.Source;
        var repository = source.Setting("repository")
            ?? throw new SourceException($"{source.Id}: setting 'repository' (owner/name) is required for a github source");
        var names = repository.Split('/', StringSplitOptions.TrimEntries);
        if (names.Length != 2 || names.Any(n => n.Length == 0 || n.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))))
        {
            throw new SourceException($"{source.Id}: setting 'repository' must be owner/name (got '{repository}')");
        }

        var watch = (source.Setting("watch") ?? "releases").ToLowerInvariant();
        if (watch is not ("releases" or "commits"))
        {
            throw new SourceException($"{source.Id}: setting 'watch' must be releases or commits (got '{watch}')");
        }

        // The source's own base URL, else Alerts:GitHub:BaseUrl, else https://api.github.com.
        var client = clients.Create(GitHubUse.Source, source.BaseUrl);
        var pages = Math.Clamp(source.IntSetting("maxPages", 5), 1, 50);
        var options = new ApiOptions { PageSize = 100, PageCount = pages, StartPage = 1 };
        try
        {
            List<SourceItem> items;
            int read;
            if (watch == "releases")
            {
                var releases = await client.Repository.Release.GetAll(names[0], names[1], options);
                read = releases.Count;
                items = [.. releases.Where(r => !r.Draft).Select(r => Release(repository, r))];
            }
            else
            {
                var commits = await client.Repository.Commit.GetAll(names[0], names[1], new CommitRequest { Path = source.Setting("path") }, options);
                read = commits.Count;
                items = [.. commits.Select(c => Commit(repository, c))];
            }

            // Only the newest maxPages x 100 are read: when the window is full, an older item missing from it fell out, it was not removed.
            return new FetchResult { Items = items, IsCompleteSnapshot = true, WindowFull = read >= pages * 100, RequestCount = pages };
        }
        catch (NotFoundException ex)
        {
            throw new SourceException($"{source.Id}: GitHub has no repository {repository} (or the token may not read it)", 404, inner: ex);
        }
        catch (ApiException ex) when (ex is RateLimitExceededException or SecondaryRateLimitExceededException || (int)ex.StatusCode is 403 or 429)
        {
            return Wait(context, GitHubRateLimit.Wait(ex, context.Time.GetUtcNow()), source, ex);
        }
        catch (ApiException ex)
        {
            throw new SourceException($"{source.Id}: GitHub answered {(int)ex.StatusCode}: {ex.Message}", (int)ex.StatusCode, inner: ex);
        }
    }

    private static FetchResult Wait(SourceContext context, TimeSpan? wait, SourceDefinition source, Exception ex)
    {
        if (wait is null)
        {
            throw new SourceException($"{source.Id}: GitHub refused the request (rate limit or permissions) without saying when to retry: {ex.Message}", 403, inner: ex);
        }

        return new FetchResult { WaitRequested = wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait, RequestCount = 1 };
    }

    private static SourceItem Release(string repository, Release r)
    {
        var body = r.Body ?? "";
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = SafeParsing.FoldWhitespace(r.Name),
            ["tag"] = r.TagName,
            ["body"] = body.Replace("\r\n", "\n", StringComparison.Ordinal).Trim(),
            ["url"] = r.HtmlUrl ?? "",
            ["published"] = r.PublishedAt?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "",
            ["prerelease"] = r.Prerelease ? "true" : "false",
        };
        return new SourceItem
        {
            ItemKey = r.TagName,
            Title = $"{repository} release {(string.IsNullOrWhiteSpace(r.Name) ? r.TagName : SafeParsing.FoldWhitespace(r.Name))}",
            Url = r.HtmlUrl,
            PublishedAt = r.PublishedAt,
            Summary = FirstLine(body),
            DocumentType = "Release",
            Fields = fields,
            References = ["GITHUB:" + repository],
        };
    }

    private static SourceItem Commit(string repository, GitHubCommit c)
    {
        var message = (c.Commit?.Message ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var published = c.Commit?.Committer?.Date ?? c.Commit?.Author?.Date;
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = FirstLine(message) ?? c.Sha,
            ["message"] = message,
            ["url"] = c.HtmlUrl ?? "",
            ["published"] = published?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "",
        };
        return new SourceItem
        {
            ItemKey = c.Sha,
            Title = $"{repository} commit {c.Sha[..Math.Min(7, c.Sha.Length)]}: {FirstLine(message)}",
            Url = c.HtmlUrl,
            PublishedAt = published,
            Summary = FirstLine(message),
            DocumentType = "Commit",
            Fields = fields,
            References = ["GITHUB:" + repository],
        };
    }

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } l ? SafeParsing.FoldWhitespace(l) : null;
}
