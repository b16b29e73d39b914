using Alerts.Core.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions;

/// <summary>The HTTP API: one function per route of <see cref="ApiRoutes.All"/>, each one call into Core.</summary>
public sealed class HttpFunctions(ApiHandlers handlers)
{
    [Function(nameof(Health))]
    public Task<IActionResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req) => Run(nameof(Health), req);

    [Function(nameof(OpenApi))]
    public Task<IActionResult> OpenApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest req) => Run(nameof(OpenApi), req);

    [Function(nameof(ListChanges))]
    public Task<IActionResult> ListChanges([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "changes")] HttpRequest req) => Run(nameof(ListChanges), req);

    [Function(nameof(VerifyChanges))]
    public Task<IActionResult> VerifyChanges([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "changes/verify")] HttpRequest req) => Run(nameof(VerifyChanges), req);

    [Function(nameof(GetChange))]
    public Task<IActionResult> GetChange([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "changes/{id}")] HttpRequest req, string id)
    {
        req.RouteValues["id"] = id;
        return Run(nameof(GetChange), req);
    }

    [Function(nameof(ListSources))]
    public Task<IActionResult> ListSources([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sources")] HttpRequest req) => Run(nameof(ListSources), req);

    [Function(nameof(PollSource))]
    public Task<IActionResult> PollSource([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sources/{id}/poll")] HttpRequest req, string id)
    {
        req.RouteValues["id"] = id;
        return Run(nameof(PollSource), req);
    }

    private async Task<IActionResult> Run(string name, HttpRequest req) => new ResultAdapter(await handlers.InvokeAsync(name, req.HttpContext));

    /// <summary>Lets a Core <see cref="IResult"/> answer through the Functions ASP.NET Core integration.</summary>
    private sealed class ResultAdapter(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
