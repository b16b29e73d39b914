using System.Net.Http.Headers;

namespace Alerts.Core.Http;

/// <summary>
/// The one reader of a server's "wait this long" answer, for every outside service (sources, SendGrid, webhook receivers,
/// GitHub): <c>Retry-After</c> (RFC 9110 §10.2.3: delta-seconds or an HTTP-date) and <c>X-RateLimit-Reset</c> (Unix
/// seconds, as GitHub and SendGrid send it). A wait is never negative (a date in the past is zero) and never above the cap
/// (a number too large to read is the cap); a value in neither form (negative, fractional, garbage) reads as absent (null).
/// Lives in Http/ rather than Delivery/ so that Sources can use it too without depending on the delivery engine.
/// </summary>
public static class RetryAfter
{
    /// <summary>The longest wait any server can ask for unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultCap = TimeSpan.FromHours(24);

    /// <summary>The largest Unix time <see cref="DateTimeOffset"/> can hold (9999-12-31T23:59:59Z).</summary>
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>A Retry-After value (delta-seconds or an HTTP-date) as a wait from <paramref name="now"/>; null when absent or unreadable.</summary>
    public static TimeSpan? Parse(string? value, DateTimeOffset now, TimeSpan? cap = null)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v))
        {
            return null;
        }

        var max = cap ?? DefaultCap;
        if (v.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < max.TotalSeconds
                ? TimeSpan.FromSeconds(seconds)
                : max;
        }

        // Not digits: an HTTP-date (IMF-fixdate or one of the two obsolete forms), read by the framework's own header parser.
        return RetryConditionHeaderValue.TryParse(v, out var parsed) && parsed.Date is { } date ? Bound(date - now, max) : null;
    }

    /// <summary>The <c>Retry-After</c> header of a response (its first value); null when absent or unreadable.</summary>
    public static TimeSpan? From(HttpHeaders? headers, DateTimeOffset now, TimeSpan? cap = null) =>
        headers is not null && headers.TryGetValues("Retry-After", out var values) ? Parse(values.FirstOrDefault(), now, cap) : null;

    /// <summary>A reset time in Unix seconds (<c>X-RateLimit-Reset</c>) as a wait from <paramref name="now"/>; null when absent or unreadable.</summary>
    public static TimeSpan? FromReset(string? epochSeconds, DateTimeOffset now, TimeSpan? cap = null)
    {
        var v = epochSeconds?.Trim();
        if (string.IsNullOrEmpty(v) || v.AsSpan().IndexOfAnyExceptInRange('0', '9') >= 0)
        {
            return null;
        }

        var max = cap ?? DefaultCap;
        return long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var reset) && reset <= MaxUnixSeconds
            ? Bound(DateTimeOffset.FromUnixTimeSeconds(reset) - now, max)
            : max;
    }

    /// <summary>The <c>X-RateLimit-Reset</c> header of a response; null when absent or unreadable.</summary>
    public static TimeSpan? FromReset(HttpHeaders? headers, DateTimeOffset now, TimeSpan? cap = null) =>
        headers is not null && headers.TryGetValues("X-RateLimit-Reset", out var values) ? FromReset(values.FirstOrDefault(), now, cap) : null;

    /// <summary><paramref name="wait"/> within zero and <paramref name="cap"/>.</summary>
    public static TimeSpan Bound(TimeSpan wait, TimeSpan cap) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > cap ? cap : wait;
}
