namespace Alerts.Core.Email;

/// <summary>What SendGrid said.</summary>
public enum SendStatus
{
    Accepted,
    RateLimited,
    RetryLater,
    Rejected,
}
