namespace Alerts.Core.Sources;

/// <summary>A document fetched from a source: the evidence a change is detected from.</summary>
public sealed record FetchedDocument
{
    public required string Url { get; init; }
    public required DateTimeOffset FetchedAt { get; init; }
    public required int Status { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public string? ContentType { get; init; }
    [JsonIgnore]
    public ReadOnlyMemory<byte> Content { get; init; }
    public required string ContentSha256 { get; init; }
    public long ContentLength => Content.Length;
}
