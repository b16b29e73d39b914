using Alerts.Core.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.Api;

/// <summary>Routes a request to its handler by route name: the one entry both hosts call.</summary>
public sealed class ApiHandlers(IServiceProvider services)
{
    private static readonly Dictionary<string, ApiRoute> ByName = ApiRoutes.All.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public async Task<IResult> InvokeAsync(string name, HttpContext context)
    {
        if (!ByName.TryGetValue(name, out var route))
        {
            throw new ArgumentException($"No API route named {name}.", nameof(name));
        }

        if (route.Role is not null)
        {
            var caller = await services.GetRequiredService<IApiKeyAuthenticator>().AuthenticateAsync(context.Request, context.RequestAborted);
            if (caller is null)
            {
                return Problems.Unauthorized("Send 'Authorization: Bearer <key>' with a valid, unexpired API key.");
            }

            if (!caller.Has(route.Role))
            {
                return Problems.Forbidden($"This endpoint needs the {route.Role} role; the key has the {caller.Role} role.");
            }

            context.SetCaller(caller);
        }

        return await HandleAsync(name, context);
    }

    private Task<IResult> HandleAsync(string name, HttpContext context)
    {
        var ct = context.RequestAborted;
        var id = context.Request.RouteValues["id"]?.ToString() ?? "";
        return name switch
        {
            "Health" => services.GetRequiredService<HealthApi>().GetAsync(ct),
            "OpenApi" => Task.FromResult(OpenApiDocument.Get()),
            "ListChanges" => services.GetRequiredService<ChangesApi>().ListAsync(context.Request, ct),
            "VerifyChanges" => services.GetRequiredService<ChangesApi>().VerifyAsync(ct),
            "GetChange" => services.GetRequiredService<ChangesApi>().GetAsync(id, ct),
            "CreateWebhook" => services.GetRequiredService<WebhooksApi>().CreateAsync(context, ct),
            "ListWebhooks" => services.GetRequiredService<WebhooksApi>().ListAsync(context, ct),
            "GetWebhook" => services.GetRequiredService<WebhooksApi>().GetAsync(context, id, ct),
            "UpdateWebhook" => services.GetRequiredService<WebhooksApi>().UpdateAsync(context, id, ct),
            "DeleteWebhook" => services.GetRequiredService<WebhooksApi>().DeleteAsync(context, id, ct),
            "RotateWebhookSecret" => services.GetRequiredService<WebhooksApi>().RotateSecretAsync(context, id, ct),
            "TestWebhook" => services.GetRequiredService<WebhooksApi>().TestAsync(context, id, ct),
            "ListWebhookDeliveries" => services.GetRequiredService<WebhooksApi>().DeliveriesAsync(context, id, ct),
            "RedeliverWebhook" => services.GetRequiredService<WebhooksApi>().RedeliverAsync(context, id, context.Request.RouteValues["deliveryId"]?.ToString() ?? "", ct),
            "CreateGitHubTarget" => services.GetRequiredService<GitHubTargetsApi>().CreateAsync(context, ct),
            "ListGitHubTargets" => services.GetRequiredService<GitHubTargetsApi>().ListAsync(context, ct),
            "DeleteGitHubTarget" => services.GetRequiredService<GitHubTargetsApi>().DeleteAsync(context, id, ct),
            _ => throw new InvalidOperationException($"Route {name} has no handler."),
        };
    }
}
