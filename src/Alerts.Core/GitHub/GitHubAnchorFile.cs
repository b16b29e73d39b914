using Alerts.Core.ChangeLog;
using Octokit;

namespace Alerts.Core.GitHub;

/// <summary>
/// The anchors file in a GitHub repository (Alerts:Anchoring:Repository, Path, Branch), read and committed through the
/// contents API. Anchoring's GitHub I/O lives here so that ChangeLog does not depend on GitHub (GitHub already uses ChangeLog).
/// </summary>
public sealed class GitHubAnchorFile(GitHubClientFactory clients, IOptions<AnchoringOptions> options) : IAnchorFile
{
    public async Task<AnchorFileContent> ReadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var o = options.Value;
        var (owner, name) = Split(o);
        var client = clients.Create(GitHubUse.Anchors);
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
            return new AnchorFileContent(text, file.Sha);
        }
        catch (NotFoundException)
        {
            return new AnchorFileContent("", null);
        }
    }

    public async Task<AnchorFileWrite> TryWriteAsync(string content, string? sha, string message, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var o = options.Value;
        var (owner, name) = Split(o);
        var client = clients.Create(GitHubUse.Anchors);
        try
        {
            RepositoryContentChangeSet changeSet = sha is null
                ? await client.Repository.Content.CreateFile(owner, name, o.Path, o.Branch is { Length: > 0 } b ? new CreateFileRequest(message, content, b) : new CreateFileRequest(message, content))
                : await client.Repository.Content.UpdateFile(owner, name, o.Path,
                    o.Branch is { Length: > 0 } b2 ? new UpdateFileRequest(message, content, sha, b2) : new UpdateFileRequest(message, content, sha));
            return new AnchorFileWrite(true, changeSet.Commit?.Sha);
        }
        catch (ApiException ex) when (ex.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity)
        {
            // Someone committed to the file between our read and write (its sha moved).
            return new AnchorFileWrite(false, null);
        }
    }

    private static (string Owner, string Name) Split(AnchoringOptions o)
    {
        var parts = o.Repository!.Split('/');
        return (parts[0], parts[1]);
    }
}
