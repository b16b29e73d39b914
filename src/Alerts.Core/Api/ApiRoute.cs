namespace Alerts.Core.Api;

/// <summary>
/// One HTTP endpoint, declared once by the feature that owns it: method, route under /api, name (also the OpenAPI
/// operationId), the role it needs (null: public), its handler, and what the OpenAPI document says of it. Both hosts
/// route from the table (<see cref="ApiHandlers"/>), and <see cref="OpenApiDocument"/> is generated from it.
/// </summary>
public sealed record ApiRoute(string Method, string Route, string Name, string? Role, string Summary, ApiHandler Handle)
{
    /// <summary>The JSON request body's type (its schema is generated into the OpenAPI document), or null.</summary>
    public Type? Body { get; init; }

    /// <summary>The request body's media type when it is not JSON (a form post), described in the OpenAPI document.</summary>
    public string? FormBody { get; init; }

    /// <summary>The successful response.</summary>
    public ApiResponse Ok { get; init; } = ApiResponse.Empty("200", "OK");

    /// <summary>Query parameters.</summary>
    public IReadOnlyList<ApiParameter> Query { get; init; } = [];

    /// <summary>True where a key's feed token in the query may stand for the bearer header (feed readers).</summary>
    public bool AcceptsFeedToken { get; init; }

    /// <summary>
    /// A limit per client address, enforced before the handler runs (429 with Retry-After past it); set on the routes anyone
    /// can call without a key.
    /// </summary>
    public Storage.RateLimit? PerClient { get; init; }

    /// <summary>When the handler itself answers 429 (a limit on what it does, such as sign-ups of one address): what the document says.</summary>
    public string? RateLimited { get; init; }

    public static ApiRoute Get<T>(string route, string name, string? role, string summary, Func<T, HttpContext, CancellationToken, Task<IResult>> handle)
        where T : notnull => new("GET", route, name, role, summary, On(handle));

    public static ApiRoute Post<T>(string route, string name, string? role, string summary, Func<T, HttpContext, CancellationToken, Task<IResult>> handle)
        where T : notnull => new("POST", route, name, role, summary, On(handle));

    public static ApiRoute Put<T>(string route, string name, string? role, string summary, Func<T, HttpContext, CancellationToken, Task<IResult>> handle)
        where T : notnull => new("PUT", route, name, role, summary, On(handle));

    public static ApiRoute Delete<T>(string route, string name, string? role, string summary, Func<T, HttpContext, CancellationToken, Task<IResult>> handle)
        where T : notnull => new("DELETE", route, name, role, summary, On(handle));

    /// <summary>The route value <c>{id}</c> (or another name) of the request.</summary>
    public static string Value(HttpContext context, string name = "id") => context.Request.RouteValues[name]?.ToString() ?? "";

    private static ApiHandler On<T>(Func<T, HttpContext, CancellationToken, Task<IResult>> handle) where T : notnull =>
        (services, context) => handle(services.GetRequiredService<T>(), context, context.RequestAborted);
}
