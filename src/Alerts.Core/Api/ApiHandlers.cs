namespace Alerts.Core.Api;

/// <summary>
/// Runs a route of the table: authenticates the key the route's role needs, refuses the wrong role, records access by
/// auditor and team keys, then calls the handler the route declares. The one entry both hosts call.
/// </summary>
public sealed class ApiHandlers(IServiceProvider services, ApiRouteTable table)
{
    /// <summary>The query parameter that carries a key's feed token on routes that accept one.</summary>
    public const string FeedTokenParameter = "feedToken";

    public IReadOnlyList<ApiRoute> Routes => table.All;

    /// <summary>Runs the route named <paramref name="name"/>.</summary>
    public Task<IResult> InvokeAsync(string name, HttpContext context) =>
        table.ByName.TryGetValue(name, out var route)
            ? InvokeAsync(route, context)
            : throw new ArgumentException($"No API route named {name}.", nameof(name));

    /// <summary>Finds the route for the request's method and <paramref name="path"/> (below /api) and runs it: 404 or 405 when none.</summary>
    public Task<IResult> DispatchAsync(string path, HttpContext context)
    {
        var (route, values, pathKnown) = table.Match(context.Request.Method, path);
        if (route is null)
        {
            return Task.FromResult(pathKnown
                ? Problems.Make(405, "method-not-allowed", "The method is not allowed here.", $"{context.Request.Method} is not served at /api/{path.Trim('/')}.")
                : Problems.NotFound($"No API route at /api/{path.Trim('/')}."));
        }

        foreach (var (key, value) in values)
        {
            context.Request.RouteValues[key] = value;
        }

        return InvokeAsync(route, context);
    }

    public async Task<IResult> InvokeAsync(ApiRoute route, HttpContext context)
    {
        if (route.PerClient is { } limit)
        {
            var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (await services.GetRequiredService<RateLimits>().TryTakeAsync(limit, client, context.RequestAborted) is { } wait)
            {
                return Problems.TooManyRequests($"Too many requests from this address to {route.Name}; try again later.", wait);
            }
        }

        if (route.Role is null)
        {
            return await route.Handle(services, context);
        }

        var authenticator = services.GetRequiredService<IApiKeyAuthenticator>();
        var caller = await authenticator.AuthenticateAsync(context.Request, context.RequestAborted);
        if (caller is null && route.AcceptsFeedToken && context.Request.Query[FeedTokenParameter].ToString() is { Length: > 0 } feedToken)
        {
            caller = await authenticator.AuthenticateFeedTokenAsync(feedToken, context.RequestAborted);
        }

        if (caller is null)
        {
            return Problems.Unauthorized("Send 'Authorization: Bearer <key>' with a valid, unexpired API key.");
        }

        context.SetCaller(caller);
        var result = caller.Has(route.Role)
            ? await route.Handle(services, context)
            : Problems.Forbidden($"This endpoint needs the {route.Role} role; the key has the {caller.Role} role.");
        return caller.Role is Roles.Auditor or Roles.Team && services.GetService<IApiAccessLog>() is { } log
            ? log.Record(result, caller, route)
            : result;
    }
}
