using Alerts.Core.Sources;

namespace Alerts.Core.Detection;

/// <summary>
/// The story index in the <c>stories</c> table: link key -> story id (partition "key"), and recent titles of official
/// documents, press releases and news (partition "title") for similarity linking. Written idempotently (a key keeps
/// the story it was first given), so linking survives restarts and works across sources polled at different times.
/// A story id is derived from the first link key (or the item), so re-polls give the same id.
/// </summary>
public sealed class StoryIndex(AlertsStorage storage, TimeProvider time)
{
    /// <summary>How far back a title is compared.</summary>
    public static readonly TimeSpan TitleWindow = TimeSpan.FromDays(7);

    private const string KeyPartition = "key";

    /// <summary>Titles are kept one partition a day ("title|yyyy-MM-dd"), so a comparison reads the window's days only.</summary>
    private const string TitlePartitionPrefix = "title|";

    private long _prunedDay;

    private static readonly HashSet<string> TitledTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Rule", "Proposed Rule", "Notice", "Presidential Document", "Press Release", "News", "Announcement",
    };

    private TableClient Table => storage.Table(StorageNames.Stories);

    /// <summary>
    /// The story of an item: found by its link keys (its metadata's, then its <paramref name="fullText"/>'s when one was
    /// fetched), else by a similar recent title, else a new one.
    /// </summary>
    public async Task<string> LinkAsync(SourceDefinition source, string itemKey, string title, string? summary, string? documentType,
        IReadOnlyList<string> references, IReadOnlyDictionary<string, string> fields, string? fullText = null, CancellationToken cancellationToken = default)
    {
        var keys = StoryKeys.Of(references, fields, documentType, title, summary, fullText);
        string? story = null;
        foreach (var k in keys)
        {
            var e = await Table.GetEntityIfExistsAsync<TableEntity>(KeyPartition, TableKeys.Encode(k.Key), ["StoryId"], cancellationToken);
            if (e.HasValue && e.Value!.GetString("StoryId") is { Length: > 0 } found)
            {
                story = found;
                break;
            }
        }

        var titled = documentType is not null && TitledTypes.Contains(documentType);
        var tokens = titled ? TitleSimilarity.Tokens(title) : [];
        if (story is null && titled && keys.Count == 0)
        {
            story = await SimilarTitleAsync(tokens, cancellationToken);
        }

        story ??= NewId(keys.Count > 0 ? keys[0].Key : $"item:{source.Scope}:{itemKey}");

        foreach (var k in keys)
        {
            await AddIfAbsentAsync(new TableEntity(KeyPartition, TableKeys.Encode(k.Key)) { ["StoryId"] = story, ["Key"] = k.Key }, cancellationToken);
        }

        if (titled && tokens.Count > 0)
        {
            var row = story + "_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(title)).AsSpan(0, 8));
            await PruneTitlesAsync(cancellationToken);
            await AddIfAbsentAsync(new TableEntity(TitlePartition(time.GetUtcNow()), TableKeys.Encode(row))
            {
                ["StoryId"] = story,
                ["Title"] = title.Length <= 1000 ? title : title[..1000],
                ["SeenAt"] = time.GetUtcNow(),
            }, cancellationToken);
        }

        return story;
    }

    /// <summary>The story a link key belongs to, if any.</summary>
    public async Task<string?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        var e = await Table.GetEntityIfExistsAsync<TableEntity>(KeyPartition, TableKeys.Encode(key), ["StoryId"], cancellationToken);
        return e.HasValue ? e.Value!.GetString("StoryId") : null;
    }

    public static string NewId(string firstKey) => "sty_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(firstKey)).AsSpan(0, 12));

    private async Task<string?> SimilarTitleAsync(HashSet<string> tokens, CancellationToken cancellationToken)
    {
        if (tokens.Count == 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var since = now - TitleWindow;
        string? best = null;
        var bestScore = 0.0;
        // A range over the window's day partitions only (older days are never read, and are deleted by PruneTitlesAsync).
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {TitlePartition(since)} and PartitionKey le {TitlePartition(now)} and SeenAt ge {since}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["StoryId", "Title"], cancellationToken: cancellationToken))
        {
            var score = TitleSimilarity.Similarity(tokens, TitleSimilarity.Tokens(e.GetString("Title") ?? ""));
            if (score >= TitleSimilarity.Threshold && score > bestScore)
            {
                bestScore = score;
                best = e.GetString("StoryId");
            }
        }

        return best;
    }

    private static string TitlePartition(DateTimeOffset at) => TitlePartitionPrefix + at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Deletes the title rows of days before the window, once a day per process: a range over ended partitions only (and
    /// the single "title" partition of earlier versions, whose rows are all older than the window by now).
    /// </summary>
    private async Task PruneTitlesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var day = now.UtcDateTime.Date.Ticks;
        if (Interlocked.Exchange(ref _prunedDay, day) == day)
        {
            return;
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {"title"} and PartitionKey lt {TitlePartition(now - TitleWindow - TimeSpan.FromDays(1))}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            try
            {
                await Table.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Another instance pruned it first.
            }
        }
    }

    private async Task AddIfAbsentAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already there: the first story given to a key keeps it.
        }
    }
}
