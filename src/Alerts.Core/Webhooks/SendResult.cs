namespace Alerts.Core.Webhooks;

/// <summary>How one POST to an endpoint ended.</summary>
public sealed record SendResult
{
    /// <summary>delivered, retry, gone, busy (the endpoint already has its share of requests in flight: nothing was sent).</summary>
    public required string Kind { get; init; }
    public int? StatusCode { get; init; }
    public long DurationMs { get; init; }
    public string? Error { get; init; }
    /// <summary>At most 1 KiB of the response body, as text.</summary>
    public string? Excerpt { get; init; }
    /// <summary>Bytes of the response body read (at most the configured limit).</summary>
    public long BodyBytesRead { get; init; }
    public TimeSpan? RetryAfter { get; init; }

    public bool Success => Kind == SendKinds.Delivered;
}
