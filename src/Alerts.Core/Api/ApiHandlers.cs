using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.Api;

/// <summary>Routes a request to its handler by route name: the one entry both hosts call.</summary>
public sealed class ApiHandlers(IServiceProvider services)
{
    private static readonly Dictionary<string, ApiRoute> ByName = ApiRoutes.All.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public Task<IResult> InvokeAsync(string name, HttpContext context)
    {
        if (!ByName.ContainsKey(name))
        {
            throw new ArgumentException($"No API route named {name}.", nameof(name));
        }

        var ct = context.RequestAborted;
        var id = context.Request.RouteValues["id"]?.ToString() ?? "";
        return name switch
        {
            "Health" => services.GetRequiredService<HealthApi>().GetAsync(ct),
            "OpenApi" => Task.FromResult(OpenApiDocument.Get()),
            "ListChanges" => services.GetRequiredService<ChangesApi>().ListAsync(context.Request, ct),
            "VerifyChanges" => services.GetRequiredService<ChangesApi>().VerifyAsync(ct),
            "GetChange" => services.GetRequiredService<ChangesApi>().GetAsync(id, ct),
            _ => throw new InvalidOperationException($"Route {name} has no handler."),
        };
    }
}
