using Alerts.Core.Webhooks;

namespace Alerts.Core.GitHub;

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
