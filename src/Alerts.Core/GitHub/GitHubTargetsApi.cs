using Alerts.Core.Webhooks;

namespace Alerts.Core.GitHub;

/// <summary>POST/GET/DELETE /api/github-targets (role team, scoped to the caller's team).</summary>
public sealed class GitHubTargetsApi(GitHubTargetStore store, TimeProvider time, Microsoft.Extensions.Options.IOptions<GitHubOptions> options)
{
    public async Task<IResult> CreateAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        var (team, body, bad) = await TeamApiRequests.TeamAndObjectAsync(context, cancellationToken);
        if (bad is not null)
        {
            return bad;
        }

        foreach (var p in body.EnumerateObject())
        {
            if (p.Name is not ("repository" or "labels" or "topics" or "jurisdictions" or "minSeverity" or "sources" or "keywords"))
            {
                return Problems.InvalidRequest($"Unknown field '{p.Name}'. Fields: repository, labels, topics, jurisdictions, minSeverity, sources, keywords.");
            }
        }

        if (!TeamApiRequests.TryString(body, "repository", 141, out var repository, out var error))
        {
            return Problems.InvalidRequest(error!);
        }

        var m = GitHubTargetStore.RepositoryPattern().Match(repository ?? "");
        if (!m.Success || m.Groups["repo"].Value is "." or "..")
        {
            return Problems.InvalidRequest($"repository must be 'owner/name' as on GitHub (got '{repository}').");
        }

        if (!options.Value.Allows(m.Groups["owner"].Value, m.Groups["repo"].Value))
        {
            return Problems.Make(403, "github-repository-not-allowed", "This repository is not allowed.",
                $"{repository} is not among the repositories an administrator allowed for issue targets (setting Alerts:GitHub:AllowedRepositories); ask them to add it.");
        }

        var labels = new List<string>();
        if (body.TryGetProperty("labels", out var l) && l.ValueKind != JsonValueKind.Null)
        {
            if (l.ValueKind != JsonValueKind.Array || l.GetArrayLength() > 20)
            {
                return Problems.InvalidRequest("labels must be an array of at most 20 strings.");
            }

            foreach (var e in l.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.String || e.GetString() is not { Length: > 0 and <= 50 } s || s.Any(char.IsControl) || s.Contains(',', StringComparison.Ordinal))
                {
                    return Problems.InvalidRequest("each label must be 1 to 50 characters, without commas or control characters.");
                }

                labels.Add(s);
            }
        }

        var (filters, filterError) = TeamFilters.Parse(body);
        if (filterError is not null)
        {
            return Problems.InvalidRequest(filterError);
        }

        var cap = options.Value.MaxTargetsPerTeam;
        if ((await store.ListAsync(team, cancellationToken)).Count >= cap)
        {
            return Problems.Make(409, "github-target-cap", "The team has as many GitHub targets as allowed.",
                $"A team may register at most {cap} GitHub issue targets (setting Alerts:GitHub:MaxTargetsPerTeam); delete one before adding another.");
        }

        var target = new GitHubTarget
        {
            Id = GitHubTargetStore.NewId(),
            TeamId = team,
            Owner = m.Groups["owner"].Value,
            Repository = m.Groups["repo"].Value,
            Labels = labels,
            Filters = filters!,
            CreatedAt = time.GetUtcNow(),
        };
        await store.AddAsync(target, cancellationToken);
        return Results.Json(target, ApiJson.Options, statusCode: 201);
    }

    public async Task<IResult> ListAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        var (team, denied) = TeamApiRequests.Team(context);
        return denied ?? Results.Json(new { items = await store.ListAsync(team!, cancellationToken) }, ApiJson.Options);
    }

    public async Task<IResult> DeleteAsync(HttpContext context, string id, CancellationToken cancellationToken = default)
    {
        var (team, denied) = TeamApiRequests.Team(context);
        if (denied is not null)
        {
            return denied;
        }

        var t = await store.GetAsync(id, cancellationToken);
        if (t is null || t.TeamId != team)
        {
            return Problems.NotFound($"Your team has no GitHub target '{id}'.");
        }

        await store.DeleteAsync(id, cancellationToken);
        return Results.Json(new { id, deleted = true }, ApiJson.Options);
    }
}
