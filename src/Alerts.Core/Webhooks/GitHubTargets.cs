using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alerts.Core.Api;
using Alerts.Core.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;

namespace Alerts.Core.Webhooks;

/// <summary>Settings under <c>Alerts:GitHub</c> used by the GitHub issues channel.</summary>
public sealed class GitHubIssuesOptions
{
    public const string SectionName = "Alerts:GitHub";

    /// <summary>GitHub API origin; set for GitHub Enterprise or a local test server (Octokit adds /api/v3/). Default: https://api.github.com.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Token with issues:write on the target repositories (configuration locally, a Key Vault reference in Azure). Never logged.</summary>
    public string? Token { get; set; }
}

/// <summary>A team's GitHub repository that receives issues for matching changes.</summary>
public sealed record GitHubTarget
{
    public required string Id { get; init; }
    public required string TeamId { get; init; }
    public required string Owner { get; init; }
    public required string Repository { get; init; }
    public IReadOnlyList<string> Labels { get; init; } = [];
    public TeamFilters Filters { get; init; } = new();
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// Table <c>githubtargets</c>: PartitionKey "target", RowKey = target id; and PartitionKey "story:&lt;target id&gt;", RowKey = story
/// id → the issue that story went to (a cache: the hidden marker in the issue body is the truth).
/// </summary>
public sealed partial class GitHubTargetStore(AlertsStorage storage)
{
    private const string TargetPartition = "target";
    private static readonly System.Buffers.SearchValues<char> IdChars = System.Buffers.SearchValues.Create("0123456789abcdef");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private TableClient Table => storage.Table(StorageNames.GitHubTargets);

    public static string NewId() => "gh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    public static bool IsId(string? id) =>
        id is { Length: 23 } && id.StartsWith("gh_", StringComparison.Ordinal) && id.AsSpan(3).IndexOfAnyExcept(IdChars) < 0;

    public async Task AddAsync(GitHubTarget t, CancellationToken cancellationToken = default) =>
        await Table.AddEntityAsync(new TableEntity(TargetPartition, t.Id)
        {
            ["TeamId"] = t.TeamId,
            ["Owner"] = t.Owner,
            ["Repository"] = t.Repository,
            ["Labels"] = JsonSerializer.Serialize(t.Labels, Json),
            ["Filters"] = JsonSerializer.Serialize(t.Filters, Json),
            ["CreatedAt"] = t.CreatedAt,
        }, cancellationToken);

    public async Task<GitHubTarget?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsId(id))
        {
            return null;
        }

        var r = await Table.GetEntityIfExistsAsync<TableEntity>(TargetPartition, id, cancellationToken: cancellationToken);
        return r.HasValue ? From(r.Value!) : null;
    }

    public async Task<List<GitHubTarget>> ListAsync(string? teamId, CancellationToken cancellationToken = default)
    {
        var filter = teamId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {TargetPartition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {TargetPartition} and TeamId eq {teamId}");
        var list = new List<GitHubTarget>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(From(e));
        }

        return [.. list.OrderBy(t => t.CreatedAt)];
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.DeleteEntityAsync(TargetPartition, id, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    public async Task<int?> FindStoryIssueAsync(string targetId, string storyId, CancellationToken cancellationToken = default)
    {
        var r = await Table.GetEntityIfExistsAsync<TableEntity>("story:" + targetId, TableKeys.Encode(storyId), cancellationToken: cancellationToken);
        return r.HasValue ? r.Value!.GetInt32("IssueNumber") : null;
    }

    public async Task RecordStoryIssueAsync(string targetId, string storyId, int issueNumber, CancellationToken cancellationToken = default) =>
        await Table.UpsertEntityAsync(new TableEntity("story:" + targetId, TableKeys.Encode(storyId)) { ["IssueNumber"] = issueNumber }, TableUpdateMode.Replace, cancellationToken);

    private static GitHubTarget From(TableEntity e) => new()
    {
        Id = e.RowKey,
        TeamId = e.GetString("TeamId") ?? "",
        Owner = e.GetString("Owner") ?? "",
        Repository = e.GetString("Repository") ?? "",
        Labels = JsonSerializer.Deserialize<string[]>(e.GetString("Labels") ?? "[]", Json) ?? [],
        Filters = JsonSerializer.Deserialize<TeamFilters>(e.GetString("Filters") ?? "{}", Json) ?? new TeamFilters(),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
    };

    [GeneratedRegex("^(?<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?<repo>[A-Za-z0-9._-]{1,100})$")]
    internal static partial Regex RepositoryPattern();
}

/// <summary>POST/GET/DELETE /api/github-targets (role team, scoped to the caller's team).</summary>
public sealed class GitHubTargetsApi(GitHubTargetStore store, TimeProvider time)
{
    public async Task<IResult> CreateAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        var (team, denied) = TeamApiRequests.Team(context);
        if (denied is not null)
        {
            return denied;
        }

        var (body, bad) = await TeamApiRequests.ReadObjectAsync(context.Request, cancellationToken);
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

        var target = new GitHubTarget
        {
            Id = GitHubTargetStore.NewId(),
            TeamId = team!,
            Owner = m.Groups["owner"].Value,
            Repository = m.Groups["repo"].Value,
            Labels = labels,
            Filters = filters!,
            CreatedAt = time.GetUtcNow(),
        };
        await store.AddAsync(target, cancellationToken);
        return Results.Json(target, Api.ChangesApi.Json, statusCode: 201);
    }

    public async Task<IResult> ListAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        var (team, denied) = TeamApiRequests.Team(context);
        return denied ?? Results.Json(new { items = await store.ListAsync(team!, cancellationToken) }, Api.ChangesApi.Json);
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
        return Results.Json(new { id, deleted = true }, Api.ChangesApi.Json);
    }
}
