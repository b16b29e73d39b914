using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alerts.Core.Api;
using Alerts.Core.ChangeLog;
using Alerts.Core.Storage;
using Alerts.Core.Webhooks;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;

namespace Alerts.Core.GitHub;

/// <summary>
/// A story's row for a target: the issue the story went to or, until that is known, which change claimed the opening of
/// it and when. <see cref="ETag"/> is the row's, for a conditional take-over.
/// </summary>
public sealed record StoryRow(int? IssueNumber, string? ClaimedBy, DateTimeOffset? ClaimedAt, ETag ETag);

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
/// id → the issue that story went to (the hidden marker in the issue body is the truth) or, before it is opened, the claim of
/// the one delivery allowed to open it (ClaimedBy = change id, ClaimedAt).
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

    public async Task<StoryRow?> FindStoryAsync(string targetId, string storyId, CancellationToken cancellationToken = default)
    {
        var r = await Table.GetEntityIfExistsAsync<TableEntity>(StoryPartition(targetId), TableKeys.Encode(storyId), cancellationToken: cancellationToken);
        return r.HasValue ? new StoryRow(r.Value!.GetInt32("IssueNumber"), r.Value.GetString("ClaimedBy"), r.Value.GetDateTimeOffset("ClaimedAt"), r.Value.ETag) : null;
    }

    /// <summary>Claims the opening of a story's issue by inserting its row; null when the row exists (another delivery claimed it first).</summary>
    public async Task<ETag?> TryClaimStoryAsync(string targetId, string storyId, string claimer, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        try
        {
            var r = await Table.AddEntityAsync(Claim(targetId, storyId, claimer, now), cancellationToken);
            return r.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    /// <summary>
    /// Takes over (or renews) a claim as it was read: the update holds only if the row still has <paramref name="etag"/>.
    /// Null when it changed since (someone else took it over or recorded the issue) or is gone.
    /// </summary>
    public async Task<ETag?> TryTakeOverStoryAsync(string targetId, string storyId, string claimer, DateTimeOffset now, ETag etag, CancellationToken cancellationToken = default)
    {
        try
        {
            var r = await Table.UpdateEntityAsync(Claim(targetId, storyId, claimer, now), etag, TableUpdateMode.Replace, cancellationToken);
            return r.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Records the story's issue on the row the caller claimed. Conditional on the claim's ETag, not an upsert: a claimer
    /// that lost its claim must not overwrite the issue its taker recorded (and later changes already commented on).
    /// False when the claim was taken over meanwhile.
    /// </summary>
    public async Task<bool> TryRecordStoryIssueAsync(string targetId, string storyId, int issueNumber, ETag claim, CancellationToken cancellationToken = default)
    {
        var row = new TableEntity(StoryPartition(targetId), TableKeys.Encode(storyId)) { ["IssueNumber"] = issueNumber };
        try
        {
            await Table.UpdateEntityAsync(row, claim, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    private static string StoryPartition(string targetId) => "story:" + targetId;

    private static TableEntity Claim(string targetId, string storyId, string claimer, DateTimeOffset now) =>
        new(StoryPartition(targetId), TableKeys.Encode(storyId)) { ["ClaimedBy"] = claimer, ["ClaimedAt"] = now };

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
public sealed class GitHubTargetsApi(GitHubTargetStore store, TimeProvider time, Microsoft.Extensions.Options.IOptions<GitHubOptions> options)
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
        if ((await store.ListAsync(team!, cancellationToken)).Count >= cap)
        {
            return Problems.Make(409, "github-target-cap", "The team has as many GitHub targets as allowed.",
                $"A team may register at most {cap} GitHub issue targets (setting Alerts:GitHub:MaxTargetsPerTeam); delete one before adding another.");
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
