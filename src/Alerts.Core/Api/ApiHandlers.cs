using Alerts.Core.Access;
using Alerts.Core.ChangeLog;
using Alerts.Core.Email;
using Alerts.Core.GitHub;
using Alerts.Core.Polling;
using Alerts.Core.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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

        if (route.Role is null)
        {
            return await HandleAsync(name, context);
        }

        var caller = await services.GetRequiredService<IApiKeyAuthenticator>().AuthenticateAsync(context.Request, context.RequestAborted);
        if (caller is null && name == "ChangesAtom" && context.Request.Query[ChangesApi.FeedTokenParameter].ToString() is { Length: > 0 } feedToken
            && services.GetService<ApiKeyStore>() is { } keys)
        {
            caller = await keys.AuthenticateFeedTokenAsync(feedToken, context.RequestAborted);
        }

        if (caller is null)
        {
            return Problems.Unauthorized("Send 'Authorization: Bearer <key>' with a valid, unexpired API key.");
        }

        context.SetCaller(caller);
        var result = caller.Has(route.Role)
            ? await HandleAsync(name, context)
            : Problems.Forbidden($"This endpoint needs the {route.Role} role; the key has the {caller.Role} role.");
        return caller.Role is Roles.Auditor or Roles.Team && services.GetService<AccessLogStore>() is { } log
            ? new AccessLoggedResult(result, caller, route, log, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<AccessLogStore>>())
            : result;
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
            "ChangesAtom" => services.GetRequiredService<ChangesApi>().AtomAsync(context.Request, ct),
            "VerifyChanges" => services.GetRequiredService<ChangesApi>().VerifyAsync(context.Request, ct),
            "GetChange" => services.GetRequiredService<ChangesApi>().GetAsync(id, context, ct),
            "GetEvidence" => services.GetRequiredService<ChangesApi>().EvidenceAsync(id, context, ct),
            "CreateKey" => services.GetRequiredService<KeysApi>().CreateAsync(context.Request, ct),
            "ListKeys" => services.GetRequiredService<KeysApi>().ListAsync(ct),
            "RevokeKey" => services.GetRequiredService<KeysApi>().RevokeAsync(id, ct),
            "ListAccessLog" => services.GetRequiredService<AccessLogApi>().ListAsync(context.Request, ct),
            "ListSources" => services.GetRequiredService<SourcesApi>().GetAsync(ct),
            "PollSource" => services.GetRequiredService<SourcesApi>().PollAsync(id, ct),
            "AddSource" => services.GetRequiredService<SourcesApi>().AddAsync(context.Request, ct),
            "RemoveSource" => services.GetRequiredService<SourcesApi>().RemoveAsync(id, ct),
            "Subscribe" => services.GetRequiredService<SubscriptionsApi>().SubscribeAsync(context.Request, ct),
            "DeleteSubscription" or "DeleteSubscriptionForm" => services.GetRequiredService<SubscriptionsApi>().EraseAsync(context.Request, ct),
            "ConfirmSubscription" => services.GetRequiredService<SubscriptionsApi>().ConfirmAsync(context.Request, ct),
            "UnsubscribePage" => services.GetRequiredService<SubscriptionsApi>().UnsubscribePageAsync(context.Request, ct),
            "Unsubscribe" => services.GetRequiredService<SubscriptionsApi>().UnsubscribeAsync(context.Request, ct),
            "GetPreferences" => services.GetRequiredService<SubscriptionsApi>().GetPreferencesAsync(context.Request, ct),
            "UpdatePreferences" => services.GetRequiredService<SubscriptionsApi>().UpdatePreferencesAsync(context.Request, ct),
            "SendGridEvents" => services.GetRequiredService<SendGridEventsApi>().ReceiveAsync(context.Request, ct),
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
