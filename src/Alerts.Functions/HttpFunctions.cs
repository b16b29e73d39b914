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

    [Function(nameof(ChangesAtom))]
    public Task<IActionResult> ChangesAtom([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "changes.atom")] HttpRequest req) => Run(nameof(ChangesAtom), req);

    [Function(nameof(VerifyChanges))]
    public Task<IActionResult> VerifyChanges([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "changes/verify")] HttpRequest req) => Run(nameof(VerifyChanges), req);

    [Function(nameof(GetChange))]
    public Task<IActionResult> GetChange([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "changes/{id}")] HttpRequest req, string id) => Run(nameof(GetChange), req, id);

    [Function(nameof(GetEvidence))]
    public Task<IActionResult> GetEvidence([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "changes/{id}/evidence")] HttpRequest req, string id) => Run(nameof(GetEvidence), req, id);

    [Function(nameof(CreateKey))]
    public Task<IActionResult> CreateKey([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "keys")] HttpRequest req) => Run(nameof(CreateKey), req);

    [Function(nameof(ListKeys))]
    public Task<IActionResult> ListKeys([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "keys")] HttpRequest req) => Run(nameof(ListKeys), req);

    [Function(nameof(RevokeKey))]
    public Task<IActionResult> RevokeKey([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "keys/{id}")] HttpRequest req, string id) => Run(nameof(RevokeKey), req, id);

    [Function(nameof(ListAccessLog))]
    public Task<IActionResult> ListAccessLog([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "access-log")] HttpRequest req) => Run(nameof(ListAccessLog), req);

    private Task<IActionResult> Run(string name, HttpRequest req, string id)
    {
        req.RouteValues["id"] = id;
        return Run(name, req);
    }

    [Function(nameof(ListSources))]
    public Task<IActionResult> ListSources([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sources")] HttpRequest req) => Run(nameof(ListSources), req);

    [Function(nameof(PollSource))]
    public Task<IActionResult> PollSource([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sources/{id}/poll")] HttpRequest req, string id)
    {
        req.RouteValues["id"] = id;
        return Run(nameof(PollSource), req);
    }

    [Function(nameof(AddSource))]
    public Task<IActionResult> AddSource([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sources")] HttpRequest req) => Run(nameof(AddSource), req);

    [Function(nameof(RemoveSource))]
    public Task<IActionResult> RemoveSource([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "sources/{id}")] HttpRequest req, string id)
    {
        req.RouteValues["id"] = id;
        return Run(nameof(RemoveSource), req);
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

    [Function(nameof(CreateWebhook))]
    public Task<IActionResult> CreateWebhook([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks")] HttpRequest req) => Run(nameof(CreateWebhook), req);

    [Function(nameof(ListWebhooks))]
    public Task<IActionResult> ListWebhooks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "webhooks")] HttpRequest req) => Run(nameof(ListWebhooks), req);

    [Function(nameof(GetWebhook))]
    public Task<IActionResult> GetWebhook([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "webhooks/{id}")] HttpRequest req, string id)
    {
        req.RouteValues["id"] = id;
        return Run(nameof(GetWebhook), req);
    }

    [Function(nameof(UpdateWebhook))]
    public Task<IActionResult> UpdateWebhook([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "webhooks/{id}")] HttpRequest req, string id)
    {
        req.RouteValues["id"] = id;
        return Run(nameof(UpdateWebhook), req);
    }

    [Function(nameof(DeleteWebhook))]
    public Task<IActionResult> DeleteWebhook([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "webhooks/{id}")] HttpRequest req, string id)
    {
        req.RouteValues["id"] = id;
        return Run(nameof(DeleteWebhook), req);
    }

    [Function(nameof(RotateWebhookSecret))]
    public Task<IActionResult> RotateWebhookSecret([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/{id}/rotate-secret")] HttpRequest req, string id)
    {
        req.RouteValues["id"] = id;
        return Run(nameof(RotateWebhookSecret), req);
    }

    [Function(nameof(TestWebhook))]
    public Task<IActionResult> TestWebhook([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/{id}/test")] HttpRequest req, string id)
    {
        req.RouteValues["id"] = id;
        return Run(nameof(TestWebhook), req);
    }

    [Function(nameof(ListWebhookDeliveries))]
    public Task<IActionResult> ListWebhookDeliveries([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "webhooks/{id}/deliveries")] HttpRequest req, string id)
    {
        req.RouteValues["id"] = id;
        return Run(nameof(ListWebhookDeliveries), req);
    }

    [Function(nameof(RedeliverWebhook))]
    public Task<IActionResult> RedeliverWebhook([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/{id}/deliveries/{deliveryId}/redeliver")] HttpRequest req, string id, string deliveryId)
    {
        req.RouteValues["id"] = id;
        req.RouteValues["deliveryId"] = deliveryId;
        return Run(nameof(RedeliverWebhook), req);
    }

    [Function(nameof(CreateGitHubTarget))]
    public Task<IActionResult> CreateGitHubTarget([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "github-targets")] HttpRequest req) => Run(nameof(CreateGitHubTarget), req);

    [Function(nameof(ListGitHubTargets))]
    public Task<IActionResult> ListGitHubTargets([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "github-targets")] HttpRequest req) => Run(nameof(ListGitHubTargets), req);

    [Function(nameof(DeleteGitHubTarget))]
    public Task<IActionResult> DeleteGitHubTarget([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "github-targets/{id}")] HttpRequest req, string id)
    {
        req.RouteValues["id"] = id;
        return Run(nameof(DeleteGitHubTarget), req);
    }

    /// <summary>The web pages; under the Functions route prefix they are at /api/app/... (the self-host serves them at the same path).</summary>
    [Function(nameof(WebPages))]
    public IActionResult WebPages([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "app/{*path}")] HttpRequest req, string? path) =>
        new ResultAdapter(Alerts.Core.Web.WebPages.Serve(path, req.HttpContext));

    private async Task<IActionResult> Run(string name, HttpRequest req) => new ResultAdapter(await handlers.InvokeAsync(name, req.HttpContext));

    /// <summary>Lets a Core <see cref="IResult"/> answer through the Functions ASP.NET Core integration.</summary>
    private sealed class ResultAdapter(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
