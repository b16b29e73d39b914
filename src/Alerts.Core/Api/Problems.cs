using Microsoft.AspNetCore.Http;

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

    public static IResult Make(int status, string type, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + type);
}
