namespace Alerts.Core.ChangeLog;

/// <summary>
/// Publishes the chain head outside the storage account: appended as a JSON line to a file in a GitHub repository
/// (each publication is a commit, through Octokit) and recorded in the changes table (partition "anchors"). Someone who
/// can rewrite the storage account cannot rewrite the published anchors, so <c>verify --anchors</c> catches a history
/// that was rewritten consistently.
/// </summary>
public sealed partial class AnchorService(
    ChangeLogStore store,
    AlertsStorage storage,
    IOptions<AnchoringOptions> options,
    IAnchorFile file,
    TimeProvider time,
    ILogger<AnchorService> logger)
{
    public const string Partition = "anchors";

    private static readonly JsonSerializerOptions LineJson = new(JsonSerializerDefaults.Web);

    public bool Configured => options.Value.Repository is { Length: > 0 };

    /// <summary>Publishes the current head unless it is the last published anchor already. Null when anchoring is off or the log is empty.</summary>
    public async Task<AnchorResult?> PublishAsync(CancellationToken cancellationToken = default)
    {
        if (!Configured)
        {
            LogNotConfigured(logger);
            return null;
        }

        var head = await store.ReadHeadAsync(cancellationToken);
        if (head is null || head.Value.Sequence == 0)
        {
            return null;
        }

        var o = options.Value;
        for (var attempt = 0; ; attempt++)
        {
            var (text, sha) = await file.ReadAsync(cancellationToken);
            var anchors = Parse(text);
            if (anchors.Count > 0 && anchors[^1].Sequence == head.Value.Sequence && anchors[^1].Hash == head.Value.Hash)
            {
                await RecordAsync(anchors[^1], null, cancellationToken);
                return new AnchorResult(anchors[^1], false, null);
            }

            var anchor = new Anchor(head.Value.Sequence, head.Value.Hash, time.GetUtcNow());
            var line = JsonSerializer.Serialize(new { sequence = anchor.Sequence, hash = anchor.Hash, at = anchor.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) }, LineJson);
            var content = text.Length == 0 || text.EndsWith('\n') ? text + line + "\n" : text + "\n" + line + "\n";
            var message = string.Create(CultureInfo.InvariantCulture, $"Anchor change log at sequence {anchor.Sequence}");
            var written = await file.TryWriteAsync(content, sha, message, cancellationToken);
            if (written.Written)
            {
                await RecordAsync(anchor, written.CommitSha, cancellationToken);
                LogPublished(logger, anchor.Sequence, anchor.Hash, o.Repository!, o.Path);
                return new AnchorResult(anchor, true, written.CommitSha);
            }

            // Someone committed to the file between our read and write (its sha moved): read again, a few times.
            if (attempt >= 3)
            {
                throw new InvalidOperationException($"{o.Repository}/{o.Path} kept changing while the chain head was being published; try again.");
            }
        }
    }

    /// <summary>Every anchor published in the GitHub repository, in file order.</summary>
    public async Task<IReadOnlyList<Anchor>> ReadPublishedAsync(CancellationToken cancellationToken = default)
    {
        if (!Configured)
        {
            throw new InvalidOperationException("Anchoring is not configured: set Alerts:Anchoring:Repository (owner/name), Alerts:Anchoring:Path and Alerts:GitHub:Token.");
        }

        return Parse((await file.ReadAsync(cancellationToken)).Text);
    }

    /// <summary>The anchors recorded in the storage account when they were published (newest last).</summary>
    public async Task<IReadOnlyList<RecordedAnchor>> ReadRecordedAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<RecordedAnchor>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        string[] columns = ["Sequence", "Hash", "At", "Repository", "Path", "CommitSha"];
        await foreach (var e in storage.Table(StorageNames.Changes).QueryAsync<TableEntity>(filter, select: columns, cancellationToken: cancellationToken))
        {
            list.Add(new RecordedAnchor(e.GetInt64("Sequence") ?? 0, e.GetString("Hash") ?? "", e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
                e.GetString("Repository"), e.GetString("Path"), e.GetString("CommitSha")));
        }

        return list;
    }

    /// <summary>
    /// The newest anchor recorded in the storage account (the highest sequence, the latest of equals), or null when none was published yet.
    /// One query over the small "anchors" partition (one row a day at most); GitHub is not read, so this says what was
    /// published, not that the published file still agrees (that is <c>verify --anchors</c>).
    /// </summary>
    public async Task<RecordedAnchor?> ReadLastRecordedAsync(CancellationToken cancellationToken = default) =>
        (await ReadRecordedAsync(cancellationToken)).MaxBy(a => (a.Sequence, a.At));

    /// <summary>Parses the anchors file; a line that is not an anchor throws <see cref="InvalidDataException"/> naming it.</summary>
    public static IReadOnlyList<Anchor> Parse(string text)
    {
        var list = new List<Anchor>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var sequence = root.GetProperty("sequence").GetInt64();
                var hash = root.GetProperty("hash").GetString() ?? "";
                var at = root.TryGetProperty("at", out var a) && a.GetString() is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : DateTimeOffset.MinValue;
                if (sequence < 1 || hash.Length != 64)
                {
                    throw new FormatException("sequence must be positive and hash 64 hex digits");
                }

                list.Add(new Anchor(sequence, hash, at));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"Line {i + 1} of the anchors file is not an anchor: {ex.Message}", ex);
            }
        }

        return list;
    }

    private async Task RecordAsync(Anchor anchor, string? commitSha, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition, ChangeLogStore.EntryRow(anchor.Sequence))
        {
            ["Sequence"] = anchor.Sequence,
            ["Hash"] = anchor.Hash,
            ["At"] = anchor.At,
            ["Repository"] = options.Value.Repository,
            ["Path"] = options.Value.Path,
            ["CommitSha"] = commitSha,
        };
        await storage.Table(StorageNames.Changes).UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Anchoring is not configured (Alerts:Anchoring:Repository): the chain head was not published")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published chain head {Sequence} {Hash} to {Repository}/{Path}")]
    private static partial void LogPublished(ILogger logger, long sequence, string hash, string repository, string path);
}
