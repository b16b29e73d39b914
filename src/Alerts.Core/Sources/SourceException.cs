namespace Alerts.Core.Sources;

/// <summary>Thrown by a source for a failure that should be reported as one clear line (the source failed; nothing recorded).</summary>
public sealed class SourceException(string message, int? status = null, TimeSpan? retryAfter = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The HTTP status that caused the failure, when there was one.</summary>
    public int? Status { get; } = status;

    /// <summary>How long the server asked us to wait, when it did.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
