namespace Alerts.Core.ChangeLog;

/// <summary>What was fetched to detect a change.</summary>
public sealed record Evidence
{
    public required string Url { get; init; }
    public DateTimeOffset FetchedAt { get; init; }
    public int Status { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public string? ContentType { get; init; }
    public required string ContentSha256 { get; init; }
    public long ContentLength { get; init; }
}
