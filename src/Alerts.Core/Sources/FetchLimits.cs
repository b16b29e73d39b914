namespace Alerts.Core.Sources;

/// <summary>Limits a fetcher enforces against hostile or broken servers.</summary>
public sealed record FetchLimits
{
    public long MaxResponseBytes { get; init; } = 64L * 1024 * 1024;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    public int MaxRedirects { get; init; } = 5;
    public int MaxAttempts { get; init; } = 3;
    /// <summary>First back-off after a 429 or 5xx; doubles each attempt; a Retry-After up to <see cref="MaxRetryAfter"/> is honoured instead.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);
}
