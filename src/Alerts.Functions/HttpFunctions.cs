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

    [Function(nameof(Subscribe))]
    public Task<IActionResult> Subscribe([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "subscriptions")] HttpRequest req) => Run(nameof(Subscribe), req);

    [Function(nameof(DeleteSubscription))]
    public Task<IActionResult> DeleteSubscription([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "subscriptions")] HttpRequest req) => Run(nameof(DeleteSubscription), req);

    [Function(nameof(ConfirmSubscription))]
    public Task<IActionResult> ConfirmSubscription([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "subscriptions/confirm")] HttpRequest req) => Run(nameof(ConfirmSubscription), req);

    [Function(nameof(UnsubscribePage))]
    public Task<IActionResult> UnsubscribePage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "subscriptions/unsubscribe")] HttpRequest req) => Run(nameof(UnsubscribePage), req);

    [Function(nameof(Unsubscribe))]
    public Task<IActionResult> Unsubscribe([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "subscriptions/unsubscribe")] HttpRequest req) => Run(nameof(Unsubscribe), req);

    [Function(nameof(DeleteSubscriptionForm))]
    public Task<IActionResult> DeleteSubscriptionForm([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "subscriptions/delete")] HttpRequest req) => Run(nameof(DeleteSubscriptionForm), req);

    [Function(nameof(GetPreferences))]
    public Task<IActionResult> GetPreferences([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "subscriptions/preferences")] HttpRequest req) => Run(nameof(GetPreferences), req);

    [Function(nameof(UpdatePreferences))]
    public Task<IActionResult> UpdatePreferences([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "subscriptions/preferences")] HttpRequest req) => Run(nameof(UpdatePreferences), req);

    [Function(nameof(SendGridEvents))]
    public Task<IActionResult> SendGridEvents([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sendgrid/events")] HttpRequest req) => Run(nameof(SendGridEvents), req);

    private async Task<IActionResult> Run(string name, HttpRequest req) => new ResultAdapter(await handlers.InvokeAsync(name, req.HttpContext));

    /// <summary>Lets a Core <see cref="IResult"/> answer through the Functions ASP.NET Core integration.</summary>
    private sealed class ResultAdapter(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
