using System.Reflection;
using Alerts.Core.Access;
using Alerts.Functions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Tests.Api;

public sealed class OpenApiTests
{
    [Fact]
    public async Task Every_route_the_self_host_serves_is_in_the_openapi_document_and_every_documented_route_is_served()
    {
        await using var host = await TestWorld.StartAsync();
        var served = host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Where(r => r is not ("GET /" or "GET /api/app/{**path}")) // the web pages (docs/web-pages.md) are not API routes
            .ToHashSet(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(await host.Client().GetStringAsync("api/openapi.json"));
        var documented = doc.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(served.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
        Assert.Contains("POST /api/keys", documented);
        Assert.Contains("GET /api/changes/{id}/evidence", documented);
    }

    [Fact]
    public async Task The_document_has_the_bearer_scheme_schemas_and_the_role_of_every_protected_route()
    {
        await using var host = await TestWorld.StartAsync();
        using var doc = JsonDocument.Parse(await host.Client().GetStringAsync("api/openapi.json"));
        var root = doc.RootElement;

        Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        var schemas = root.GetProperty("components").GetProperty("schemas");
        foreach (var name in new[] { "Change", "ChangePage", "VerifyResult", "ApiKey", "CreateKeyRequest", "AccessLogEntry", "Problem" })
        {
            Assert.True(schemas.TryGetProperty(name, out _), name);
        }

        foreach (var route in ApiRoutes.All)
        {
            var op = root.GetProperty("paths").GetProperty("/api/" + route.Route).GetProperty(route.Method.ToLowerInvariant());
            var security = op.GetProperty("security");
            if (route.Role is null)
            {
                Assert.Equal(0, security.GetArrayLength());
            }
            else
            {
                Assert.Equal(route.Role, security[0].GetProperty("bearer")[0].GetString());
                Assert.True(op.GetProperty("responses").TryGetProperty("401", out _));
            }

            var ok = op.GetProperty("responses").EnumerateObject().First(r => r.Name[0] is '2' or '3');
            Assert.True(ok.Name[0] == '3' || ok.Value.TryGetProperty("content", out _), route.Name); // a redirect has no body
        }

        var listParams = root.GetProperty("paths").GetProperty("/api/changes").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("q", listParams);
        Assert.Contains("format", listParams);
        Assert.Contains("continuationToken", listParams);
    }

    [Fact]
    public void Every_request_body_a_route_reads_is_in_the_document_with_its_generated_schema()
    {
        var doc = OpenApiDocument.Build(Alerts.Core.ApiRoutes.All);
        var schemas = doc["components"]!["schemas"]!.AsObject();

        foreach (var route in Alerts.Core.ApiRoutes.All.Where(r => r.Body is not null))
        {
            var body = doc["paths"]!["/api/" + route.Route]![route.Method.ToLowerInvariant()]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
            var name = body["$ref"]!.GetValue<string>().Split('/')[^1];
            Assert.Equal(route.Body!.Name, name);
            Assert.True(schemas[name]!["properties"]!.AsObject().Count > 0, name);
        }

        Assert.Equal(["AddSource", "CreateGitHubTarget", "CreateKey", "CreateSubscriberWatchlist", "CreateWatchlist", "CreateWebhook", "Subscribe", "UpdatePreferences",
            "UpdateSubscriberWatchlist", "UpdateWatchlist", "UpdateWebhook"],
            Alerts.Core.ApiRoutes.All.Where(r => r.Body is not null).Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal("string", schemas["CreateKeyRequest"]!["properties"]!["role"]!["type"]!.AsArray().Select(t => t!.GetValue<string>()).First());
    }

    [Fact]
    public void The_functions_app_has_a_timer_for_every_schedule_with_the_same_cron()
    {
        var timers = typeof(JobFunctions).GetMethods()
            .Select(m => (
                Function: m.GetCustomAttribute<FunctionAttribute>()?.Name,
                Timer: m.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.Function is not null && x.Timer is not null)
            .Select(x => $"{x.Function} {x.Timer!.Schedule}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(Schedules.All.Select(s => $"{s.Name} {s.Cron}").Order(StringComparer.Ordinal), timers);
        Assert.Contains(Schedules.All, s => s.Name == "Anchor" && s.Period == TimeSpan.FromDays(1));
    }
}
