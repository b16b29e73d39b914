using Alerts.Core.Http;
using Octokit;

namespace Alerts.Core.GitHub;

/// <summary>
/// The one reader of GitHub's rate-limit answers (403 or 429): retry-after (seconds or a date), else the primary limit's
/// reset (Octokit's <see cref="RateLimitExceededException.Reset"/>, or x-ratelimit-reset when x-ratelimit-remaining is 0).
/// Values are read by <see cref="RetryAfter"/>.
/// </summary>
public static class GitHubRateLimit
{
    /// <summary>GitHub's documentation: a secondary rate limit that does not say how long means waiting at least a minute.</summary>
    public static readonly TimeSpan SecondaryDefault = TimeSpan.FromMinutes(1);

    /// <summary>How long GitHub says to wait (at most <paramref name="cap"/>); null when <paramref name="ex"/> is not a rate limit or GitHub did not say.</summary>
    public static TimeSpan? Wait(ApiException ex, DateTimeOffset now, TimeSpan? cap = null)
    {
        if (!IsRateLimit(ex))
        {
            return null;
        }

        string? Header(string name) => ex.HttpResponse?.Headers?.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

        return RetryAfter.Parse(Header("retry-after"), now, cap)
            ?? (ex is RateLimitExceededException rl ? RetryAfter.Bound(rl.Reset - now, cap ?? RetryAfter.DefaultCap) : (TimeSpan?)null)
            ?? (Header("x-ratelimit-remaining") == "0" ? RetryAfter.FromReset(Header("x-ratelimit-reset"), now, cap) : null);
    }

    /// <summary>
    /// As <see cref="Wait"/>, but a 429 or a secondary limit that does not say how long is <see cref="SecondaryDefault"/>;
    /// null only when <paramref name="ex"/> is not a rate limit (or a 403 that says nothing: a permission refusal).
    /// </summary>
    public static TimeSpan? WaitOrDefault(ApiException ex, DateTimeOffset now, TimeSpan? cap = null) =>
        Wait(ex, now, cap) ?? (IsRateLimit(ex) && ((int)ex.StatusCode == 429 || ex is SecondaryRateLimitExceededException) ? SecondaryDefault : null);

    private static bool IsRateLimit(ApiException ex) =>
        ex is RateLimitExceededException or SecondaryRateLimitExceededException || (int)ex.StatusCode is 403 or 429;
}
