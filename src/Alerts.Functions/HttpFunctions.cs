using Alerts.Core.Api;
using Alerts.Core.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions;

/// <summary>
/// The whole HTTP surface as one trigger under the /api route prefix: the web pages at app/..., every other path
/// routed through Core's route table (<see cref="ApiHandlers.DispatchAsync"/>), so a new endpoint is declared once, in
/// its feature's route list, and both hosts serve it.
/// </summary>
public sealed class HttpFunctions(ApiHandlers handlers)
{
    public const string Name = "Http";

    [Function(Name)]
    public async Task<IActionResult> Http(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", Route = "{*path}")] HttpRequest req, string? path)
    {
        path ??= "";
        return new ResultAdapter(path == "app" || path.StartsWith("app/", StringComparison.Ordinal)
            ? WebPages.Serve(path.Length > 4 ? path[4..] : null, req.HttpContext)
            : await handlers.DispatchAsync(path, req.HttpContext));
    }

    /// <summary>Lets a Core <see cref="IResult"/> answer through the Functions ASP.NET Core integration.</summary>
    private sealed class ResultAdapter(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
