namespace Alerts.Core.Api;

/// <summary>RFC 9457 problem details with stable types.</summary>
public static class Problems
{
    public const string TypeBase = "https://export-policy-alerts.example/problems/";

    public static IResult InvalidRequest(string detail) => Make(400, "invalid-request", "The request is not valid.", detail);

    public static IResult NotFound(string detail) => Make(404, "not-found", "Not found.", detail);

    public static IResult Unauthorized(string detail) => Make(401, "unauthorized", "An API key is required.", detail);

    public static IResult Forbidden(string detail) => Make(403, "forbidden", "This key's role may not do that.", detail);

    public static IResult TooLarge(string detail) => Make(413, "too-large", "The request body is too large.", detail);

    public static IResult UnsupportedMediaType(string detail) => Make(415, "unsupported-media-type", "The content type is not supported.", detail);

    /// <summary>429 with a Retry-After header of whole seconds (at least 1).</summary>
    public static IResult TooManyRequests(string detail, TimeSpan retryAfter) =>
        new WithRetryAfter(Make(429, "too-many-requests", "Too many requests.", detail), retryAfter);

    public static IResult Make(int status, string type, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + type);

    private sealed class WithRetryAfter(IResult inner, TimeSpan retryAfter) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => 429;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
