using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alerts.Core.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;
using Octokit.Internal;

namespace Alerts.Core.ChangeLog;

/// <summary>Settings under <c>Alerts:Anchoring</c>: where the chain head is published outside the storage account.</summary>
public sealed partial class AnchoringOptions : IValidatableObject
{
    public const string SectionName = "Alerts:Anchoring";

    /// <summary>GitHub repository ("owner/name") the anchors file is committed to. Unset: anchoring is off.</summary>
    public string? Repository { get; set; }

    /// <summary>Path of the anchors file in the repository (JSON Lines, one anchor a line).</summary>
    public string Path { get; set; } = "anchors/export-policy-alerts.jsonl";

    /// <summary>Branch to commit to; unset: the repository's default branch.</summary>
    public string? Branch { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Repository is { Length: > 0 } r && !RepositoryPattern().IsMatch(r))
        {
            yield return new ValidationResult($"Alerts:Anchoring:Repository must be 'owner/name' (got '{r}').", [nameof(Repository)]);
        }

        if (string.IsNullOrWhiteSpace(Path) || Path.StartsWith('/') || Path.EndsWith('/') || Path.Split('/').Any(s => s is "" or "." or ".."))
        {
            yield return new ValidationResult($"Alerts:Anchoring:Path must be a relative file path like anchors/log.jsonl (got '{Path}').", [nameof(Path)]);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RepositoryPattern();
}

/// <summary>Settings under <c>Alerts:GitHub</c> that anchoring uses: the API address and the token.</summary>
public sealed class AnchorGitHubOptions : IValidatableObject
{
    public const string SectionName = "Alerts:GitHub";

    /// <summary>GitHub API origin: https://api.github.com/ (default), a GitHub Enterprise server or a local test server.</summary>
    public string BaseUrl { get; set; } = "https://api.github.com/";

    /// <summary>Token with contents:write on the anchoring repository. Never logged.</summary>
    public string? Token { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"Alerts:GitHub:BaseUrl must be an absolute http or https URL (got '{BaseUrl}').", [nameof(BaseUrl)]);
        }
    }
}

/// <summary>A published chain head: this sequence had this hash at this time.</summary>
public sealed record Anchor(long Sequence, string Hash, DateTimeOffset At);

/// <summary>
/// An anchor as recorded in the storage account when it was published: the chain head, when, and where it was committed
/// (repository, file path and commit; the commit is null when the head was already the file's last line).
/// </summary>
public sealed record RecordedAnchor(long Sequence, string Hash, DateTimeOffset At, string? Repository, string? Path, string? CommitSha);

/// <summary>The outcome of a publication.</summary>
public sealed record AnchorResult(Anchor Anchor, bool Published, string? CommitSha);

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
    IOptions<AnchorGitHubOptions> github,
    IHttpMessageHandlerFactory handlerFactory,
    TimeProvider time,
    ILogger<AnchorService> logger)
{
    public const string HttpClientName = "github-anchors";
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

        var (owner, name) = Split();
        var client = CreateClient();
        var o = options.Value;
        for (var attempt = 0; ; attempt++)
        {
            var (text, sha) = await ReadFileAsync(client, owner, name, cancellationToken);
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
            try
            {
                RepositoryContentChangeSet changeSet = sha is null
                    ? await client.Repository.Content.CreateFile(owner, name, o.Path, o.Branch is { Length: > 0 } b ? new CreateFileRequest(message, content, b) : new CreateFileRequest(message, content))
                    : await client.Repository.Content.UpdateFile(owner, name, o.Path, o.Branch is { Length: > 0 } b2 ? new UpdateFileRequest(message, content, sha, b2) : new UpdateFileRequest(message, content, sha));
                var commit = changeSet.Commit?.Sha;
                await RecordAsync(anchor, commit, cancellationToken);
                LogPublished(logger, anchor.Sequence, anchor.Hash, o.Repository!, o.Path);
                return new AnchorResult(anchor, true, commit);
            }
            catch (ApiException ex) when (attempt < 3 && ex.StatusCode is System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.UnprocessableEntity)
            {
                // Someone committed to the file between our read and write (its sha moved): read again.
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

        var (owner, name) = Split();
        var (text, _) = await ReadFileAsync(CreateClient(), owner, name, cancellationToken);
        return Parse(text);
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

    private async Task<(string Text, string? Sha)> ReadFileAsync(GitHubClient client, string owner, string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var o = options.Value;
        try
        {
            var contents = o.Branch is { Length: > 0 } b
                ? await client.Repository.Content.GetAllContentsByRef(owner, name, o.Path, b)
                : await client.Repository.Content.GetAllContents(owner, name, o.Path);
            var file = contents.FirstOrDefault(c => c.Type == ContentType.File)
                ?? throw new InvalidDataException($"{o.Repository}/{o.Path} is not a file.");
            var text = file.EncodedContent is { Length: > 0 } encoded
                ? Encoding.UTF8.GetString(Convert.FromBase64String(encoded.Replace("\n", "", StringComparison.Ordinal)))
                : file.Content ?? "";
            return (text, file.Sha);
        }
        catch (NotFoundException)
        {
            return ("", null);
        }
    }

    private (string Owner, string Name) Split()
    {
        var parts = options.Value.Repository!.Split('/');
        return (parts[0], parts[1]);
    }

    private GitHubClient CreateClient()
    {
        var g = github.Value;
        var baseUri = ApiAddress(g.BaseUrl);
        ICredentialStore credentials = g.Token is { Length: > 0 } token ? new InMemoryCredentialStore(new Credentials(token)) : new InMemoryCredentialStore(Credentials.Anonymous);
        var connection = new Connection(new ProductHeaderValue("export-policy-alerts"), baseUri, credentials,
            new HttpClientAdapter(() => handlerFactory.CreateHandler(HttpClientName)), new SimpleJsonSerializer());
        return new GitHubClient(connection);
    }

    /// <summary>
    /// The API address Octokit's own constructor would use: api.github.com as is, any other server in the GitHub
    /// Enterprise form /api/v3/ (Octokit only does this fix-up in GitHubClient's constructor, not for a Connection).
    /// </summary>
    public static Uri ApiAddress(string baseUrl)
    {
        var uri = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
        if (uri.Host is "github.com" or "api.github.com")
        {
            return GitHubClient.GitHubApiUrl;
        }

        return uri.AbsolutePath.EndsWith("/api/v3/", StringComparison.Ordinal) ? uri : new Uri(uri, "api/v3/");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Anchoring is not configured (Alerts:Anchoring:Repository): the chain head was not published")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published chain head {Sequence} {Hash} to {Repository}/{Path}")]
    private static partial void LogPublished(ILogger logger, long sequence, string hash, string repository, string path);
}
