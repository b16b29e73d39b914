using System.Text.Json.Nodes;

namespace Alerts.Core.Api;

/// <summary>
/// The OpenAPI 3.1 document, generated from the route table: every route with its role, parameters, request body and
/// response as its feature declares them; the schemas of request and response records generated from their types.
/// </summary>
public static partial class OpenApiDocument
{
    /// <summary>GET /api/openapi.json.</summary>
    public static readonly ApiRoute Route = new("GET", "openapi.json", "OpenApi", null, "This API's OpenAPI document.",
        (services, _) => Task.FromResult(Get(services.GetRequiredService<ApiRouteTable>().All)))
    {
        Ok = ApiResponse.Json("200", "This document.", ApiSchema.AnyObject()),
    };

    public static IResult Get(IReadOnlyList<ApiRoute> routes) => Results.Text(Build(routes).ToJsonString(), "application/json");

    public static JsonObject Build(IReadOnlyList<ApiRoute> routes)
    {
        var schemas = new JsonObject
        {
            ["Problem"] = ApiSchema.Object(("type", ApiSchema.String()), ("title", ApiSchema.String()), ("status", ApiSchema.Integer()), ("detail", ApiSchema.String()))
                .ToJson(new JsonObject()),
        };
        var paths = new JsonObject();
        foreach (var group in routes.GroupBy(r => "/api/" + r.Route))
        {
            var item = new JsonObject();
            foreach (var r in group)
            {
                item[r.Method.ToLowerInvariant()] = Operation(r, schemas);
            }

            paths[group.Key] = item;
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = "Export-policy alerts", ["version"] = "1.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject
                    {
                        ["type"] = "http",
                        ["scheme"] = "bearer",
                        ["description"] = "An API key (epa_...) with role admin, auditor or team. Admin passes every role check.",
                    },
                },
                ["schemas"] = schemas,
            },
        };
    }

    private static JsonObject Operation(ApiRoute r, JsonObject schemas)
    {
        var parameters = new JsonArray();
        foreach (Match m in PathParam().Matches(r.Route))
        {
            parameters.Add(new JsonObject { ["name"] = m.Groups[1].Value, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        foreach (var p in r.Query)
        {
            var schema = new JsonObject { ["type"] = p.Type };
            if (p.Values is not null)
            {
                schema["enum"] = new JsonArray([.. p.Values.Select(v => (JsonNode)v)]);
            }

            parameters.Add(new JsonObject { ["name"] = p.Name, ["in"] = "query", ["required"] = false, ["description"] = p.Description, ["schema"] = schema });
        }

        var content = new JsonObject();
        foreach (var (media, schema) in r.Ok.Content)
        {
            content[media] = new JsonObject { ["schema"] = schema.ToJson(schemas) };
        }

        var responses = new JsonObject
        {
            [r.Ok.Status] = content.Count == 0
                ? new JsonObject { ["description"] = r.Ok.Description }
                : new JsonObject { ["description"] = r.Ok.Description, ["content"] = content },
        };
        if (r.Role is not null)
        {
            responses["401"] = ProblemResponse("No key, or a wrong, revoked or expired key.");
            responses["403"] = ProblemResponse("The key's role may not call this endpoint.");
        }

        var perClient = r.PerClient is { } limit ? $"More than {limit.Permits} requests from one client address in {limit.Window.TotalMinutes:0} minute(s)." : null;
        if (perClient is not null || r.RateLimited is not null)
        {
            responses["429"] = ProblemResponse(string.Join(" ", new[] { perClient, r.RateLimited }.OfType<string>()) + " Retry-After says when to try again.");
        }

        responses["default"] = ProblemResponse("A problem (RFC 9457).");
        var op = new JsonObject
        {
            ["operationId"] = r.Name,
            ["summary"] = r.Summary,
            ["parameters"] = parameters,
            ["responses"] = responses,
        };
        if (r.Body is not null)
        {
            op["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = ApiSchema.Of(r.Body, BodyName(r.Body)).ToJson(schemas) } },
            };
        }
        else if (r.FormBody is not null)
        {
            op["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { [r.FormBody] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } },
            };
        }

        op["security"] = r.Role is null ? new JsonArray() : new JsonArray(new JsonObject { ["bearer"] = new JsonArray(r.Role) });
        return op;
    }

    /// <summary>A nested request record is named without its container (KeysApi.CreateKeyRequest is CreateKeyRequest).</summary>
    private static string BodyName(Type type) => type.Name;

    private static JsonObject ProblemResponse(string description) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } } },
    };

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex PathParam();
}
