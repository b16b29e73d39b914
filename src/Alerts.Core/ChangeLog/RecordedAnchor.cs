namespace Alerts.Core.ChangeLog;

/// <summary>
/// An anchor as recorded in the storage account when it was published: the chain head, when, and where it was committed
/// (repository, file path and commit; the commit is null when the head was already the file's last line).
/// </summary>
public sealed record RecordedAnchor(long Sequence, string Hash, DateTimeOffset At, string? Repository, string? Path, string? CommitSha);
