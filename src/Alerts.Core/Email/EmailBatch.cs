namespace Alerts.Core.Email;

/// <summary>One batch of an immediate alert: up to 1,000 recipients of one change, sent in one SendGrid request.</summary>
public sealed record EmailBatch(string ChangeId, int Number, IReadOnlyList<(string SubscriberId, string Email)> Members, EmailBatchState State, int Attempts, DateTimeOffset? LeaseUntil, ETag ETag)
{
    /// <summary>When a 429 or a failed try asked to wait until.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
}
