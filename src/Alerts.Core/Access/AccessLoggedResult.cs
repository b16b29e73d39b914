namespace Alerts.Core.Access;

/// <summary>
/// Wraps the result of a request by an auditor or team key: runs it, then records who asked what, the status and how
/// many rows were sent (set by the handler with <see cref="AccessLogHttpContextExtensions.SetRows"/>; streamed exports
/// count while writing). The feed token is never recorded.
/// </summary>
internal sealed class AccessLoggedResult(IResult inner, ApiCaller caller, ApiRoute route, AccessLogStore store, TimeProvider time, Microsoft.Extensions.Logging.ILogger logger) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var at = time.GetUtcNow();
        try
        {
            await inner.ExecuteAsync(httpContext);
        }
        finally
        {
            var query = string.Join('&', httpContext.Request.Query
                .Where(kv => !string.Equals(kv.Key, ApiHandlers.FeedTokenParameter, StringComparison.OrdinalIgnoreCase))
                .SelectMany(kv => kv.Value.Select(v => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(v ?? ""))));
            var entry = new AccessLogEntry(at, caller.KeyId, caller.Name, caller.Role, caller.TeamId, route.Method, route.Route,
                httpContext.Request.Path.Value ?? "", query, httpContext.Response.StatusCode, httpContext.Rows());
            try
            {
                await store.AppendAsync(entry, CancellationToken.None);
            }
            catch (Azure.RequestFailedException ex)
            {
                AccessLogMessages.LogAccessLogFailed(logger, caller.KeyId, route.Name, ex);
            }
        }
    }
}
