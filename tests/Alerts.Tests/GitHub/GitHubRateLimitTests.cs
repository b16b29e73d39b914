using System.Net;
using Alerts.Core.GitHub;
using Octokit;

namespace Alerts.Tests.GitHub;

public sealed class GitHubRateLimitTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-28T12:00:00Z", CultureInfo.InvariantCulture);

    private static Answered Answer(HttpStatusCode status, params (string Name, string Value)[] headers) =>
        new(status, headers.ToDictionary(h => h.Name, h => h.Value));

    [Fact]
    public void Retry_after_is_read_first_in_seconds_or_as_a_date()
    {
        var seconds = new ApiException(Answer((HttpStatusCode)429, ("Retry-After", "30"), ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", Now.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))));
        var date = new ApiException(Answer(HttpStatusCode.Forbidden, ("retry-after", "Sat, 28 Nov 2026 12:02:00 GMT")));

        Assert.Equal(TimeSpan.FromSeconds(30), GitHubRateLimit.Wait(seconds, Now));
        Assert.Equal(TimeSpan.FromMinutes(2), GitHubRateLimit.Wait(date, Now));
    }

    [Fact]
    public void The_primary_limit_waits_until_its_reset_within_the_cap()
    {
        var reset = Now.AddMinutes(20).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var plain = new ApiException(Answer(HttpStatusCode.Forbidden, ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset)));

        Assert.Equal(TimeSpan.FromMinutes(20), GitHubRateLimit.Wait(plain, Now));
        Assert.Equal(TimeSpan.FromMinutes(5), GitHubRateLimit.Wait(plain, Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void A_refusal_that_does_not_say_when_is_no_wait_unless_it_is_a_429_or_secondary_limit()
    {
        var forbidden = new ApiException(Answer(HttpStatusCode.Forbidden));
        var tooMany = new ApiException(Answer((HttpStatusCode)429));
        var secondary = new SecondaryRateLimitExceededException(Answer(HttpStatusCode.Forbidden));
        var notFound = new ApiException(Answer(HttpStatusCode.NotFound, ("Retry-After", "30")));

        Assert.Null(GitHubRateLimit.Wait(forbidden, Now));
        Assert.Null(GitHubRateLimit.WaitOrDefault(forbidden, Now));
        Assert.Null(GitHubRateLimit.Wait(tooMany, Now));
        Assert.Equal(GitHubRateLimit.SecondaryDefault, GitHubRateLimit.WaitOrDefault(tooMany, Now));
        Assert.Equal(GitHubRateLimit.SecondaryDefault, GitHubRateLimit.WaitOrDefault(secondary, Now));
        Assert.Null(GitHubRateLimit.WaitOrDefault(notFound, Now));
    }

    /// <summary>An answer as Octokit hands it to an exception (Octokit's own Response is internal).</summary>
    private sealed class Answered(HttpStatusCode status, Dictionary<string, string> headers) : IResponse
    {
        public object Body => "{\"message\":\"limited\"}";

        public IReadOnlyDictionary<string, string> Headers => headers;

        public ApiInfo ApiInfo => null!;

        public HttpStatusCode StatusCode => status;

        public string ContentType => "application/json";
    }
}
