using Alerts.Core.Delivery.Email;
using Alerts.Core.Subscriptions;
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
            "Subscribe" => services.GetRequiredService<SubscriptionsApi>().SubscribeAsync(context.Request, ct),
            "DeleteSubscription" or "DeleteSubscriptionForm" => services.GetRequiredService<SubscriptionsApi>().EraseAsync(context.Request, ct),
            "ConfirmSubscription" => services.GetRequiredService<SubscriptionsApi>().ConfirmAsync(context.Request, ct),
            "UnsubscribePage" => services.GetRequiredService<SubscriptionsApi>().UnsubscribePageAsync(context.Request, ct),
            "Unsubscribe" => services.GetRequiredService<SubscriptionsApi>().UnsubscribeAsync(context.Request, ct),
            "GetPreferences" => services.GetRequiredService<SubscriptionsApi>().GetPreferencesAsync(context.Request, ct),
            "UpdatePreferences" => services.GetRequiredService<SubscriptionsApi>().UpdatePreferencesAsync(context.Request, ct),
            "SendGridEvents" => services.GetRequiredService<SendGridEventsApi>().ReceiveAsync(context.Request, ct),
            _ => throw new InvalidOperationException($"Route {name} has no handler."),
        };
    }
}
