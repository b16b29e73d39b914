using System.Net;
using Alerts.Core.Http;

namespace Alerts.Tests.Http;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-28T12:00:00Z", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("0", 0)]
    [InlineData("30", 30)]
    [InlineData(" 120 ", 120)]
    [InlineData("86399", 86399)]
    public void Delta_seconds_are_read_as_a_wait(string value, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfter.Parse(value, Now));

    [Theory]
    [InlineData("Sat, 28 Nov 2026 12:10:00 GMT")] // IMF-fixdate
    [InlineData("Saturday, 28-Nov-26 12:10:00 GMT")] // obsolete RFC 850
    [InlineData("Sat Nov 28 12:10:00 2026")] // obsolete asctime
    public void An_http_date_is_read_as_the_wait_until_it(string value) =>
        Assert.Equal(TimeSpan.FromMinutes(10), RetryAfter.Parse(value, Now));

    [Fact]
    public void A_date_in_the_past_is_no_wait() =>
        Assert.Equal(TimeSpan.Zero, RetryAfter.Parse("Sat, 28 Nov 2026 11:00:00 GMT", Now));

    [Theory]
    [InlineData("2592000")] // 30 days
    [InlineData("99999999999999999999999")] // more than a long holds
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT")]
    public void A_wait_above_the_cap_is_the_cap(string value)
    {
        Assert.Equal(RetryAfter.DefaultCap, RetryAfter.Parse(value, Now));
        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfter.Parse(value, Now, TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-5")]
    [InlineData("+5")]
    [InlineData("1.5")]
    [InlineData("soon")]
    [InlineData("120 seconds")]
    [InlineData("2026-11-28T12:10:00Z")]
    public void Garbage_and_negative_values_read_as_absent(string? value) =>
        Assert.Null(RetryAfter.Parse(value, Now));

    [Fact]
    public void The_header_of_a_response_is_read_whatever_its_form()
    {
        using var seconds = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        seconds.Headers.TryAddWithoutValidation("Retry-After", "45");
        using var date = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        date.Headers.TryAddWithoutValidation("Retry-After", "Sat, 28 Nov 2026 12:01:00 GMT");
        using var invalid = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        invalid.Headers.TryAddWithoutValidation("Retry-After", "-1");
        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(TimeSpan.FromSeconds(45), RetryAfter.From(seconds.Headers, Now));
        Assert.Equal(TimeSpan.FromMinutes(1), RetryAfter.From(date.Headers, Now));
        Assert.Null(RetryAfter.From(invalid.Headers, Now));
        Assert.Null(RetryAfter.From(none.Headers, Now));
        Assert.Null(RetryAfter.From(null, Now));
    }

    [Fact]
    public void A_rate_limit_reset_in_unix_seconds_is_read_bounded_and_garbage_is_absent()
    {
        var inFiveMinutes = Now.AddMinutes(5).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var past = Now.AddMinutes(-5).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("X-RateLimit-Reset", inFiveMinutes);

        Assert.Equal(TimeSpan.FromMinutes(5), RetryAfter.FromReset(inFiveMinutes, Now));
        Assert.Equal(TimeSpan.FromMinutes(5), RetryAfter.FromReset(response.Headers, Now));
        Assert.Equal(TimeSpan.Zero, RetryAfter.FromReset(past, Now));
        Assert.Equal(RetryAfter.DefaultCap, RetryAfter.FromReset("99999999999999", Now));
        Assert.Equal(TimeSpan.FromMinutes(1), RetryAfter.FromReset(inFiveMinutes, Now, TimeSpan.FromMinutes(1)));
        Assert.Null(RetryAfter.FromReset("-1", Now));
        Assert.Null(RetryAfter.FromReset("tomorrow", Now));
        Assert.Null(RetryAfter.FromReset((string?)null, Now));
    }
}
