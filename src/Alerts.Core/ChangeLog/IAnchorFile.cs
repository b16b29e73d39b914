namespace Alerts.Core.ChangeLog;

/// <summary>
/// The file anchors are published to, outside the storage account: an I/O seam, implemented on GitHub's contents API by
/// <c>GitHub/GitHubAnchorFile</c> (so ChangeLog does not depend on GitHub).
/// </summary>
public interface IAnchorFile
{
    /// <summary>The file's text and version (sha); empty text and a null sha when the file does not exist yet.</summary>
    Task<AnchorFileContent> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the file with <paramref name="content"/> if it is still at <paramref name="sha"/> (null: creates it); not
    /// written when the file moved since it was read (the caller reads again).
    /// </summary>
    Task<AnchorFileWrite> TryWriteAsync(string content, string? sha, string message, CancellationToken cancellationToken = default);
}
