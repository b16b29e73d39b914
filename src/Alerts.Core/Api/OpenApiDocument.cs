using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Alerts.Core.Api;

/// <summary>The OpenAPI 3.1 document, generated from <see cref="ApiRoutes.All"/> so that it cannot miss a route.</summary>
public static partial class OpenApiDocument
{
    private static readonly Dictionary<string, JsonArray> QueryParameters = new(StringComparer.Ordinal)
    {
        ["ListChanges"] =
        [
            Param("from", "Detected at or after (date or date-time, UTC)."),
            Param("to", "Detected at or before (date: the whole day)."),
            Param("source", "Source id; repeat for several."),
            Param("jurisdiction", "US, CN, EU, NL, JP, KR, TW, UK or other."),
            Param("topic", "A topic of the taxonomy."),
            Param("severity", "critical, high, medium, low or info."),
            Param("story", "Story id."),
            Param("order", "newest (default) or oldest."),
            Param("pageSize", "1 to 1000, default 50."),
            Param("continuationToken", "From the previous page; bound to the same filters."),
        ],
    };

    public static JsonObject Build()
    {
        var paths = new JsonObject();
        foreach (var group in ApiRoutes.All.GroupBy(r => "/api/" + r.Route))
        {
            var item = new JsonObject();
            foreach (var r in group)
            {
                var parameters = new JsonArray();
                foreach (Match m in PathParam().Matches(r.Route))
                {
                    parameters.Add(new JsonObject { ["name"] = m.Groups[1].Value, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
                }

                if (QueryParameters.TryGetValue(r.Name, out var qp))
                {
                    foreach (var p in qp)
                    {
                        parameters.Add(p!.DeepClone());
                    }
                }

                var op = new JsonObject
                {
                    ["operationId"] = r.Name,
                    ["summary"] = r.Summary,
                    ["parameters"] = parameters,
                    ["responses"] = new JsonObject
                    {
                        ["200"] = new JsonObject { ["description"] = "OK" },
                        ["default"] = new JsonObject
                        {
                            ["description"] = "A problem (RFC 9457).",
                            ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } } },
                        },
                    },
                };
                if (r.Role is not null)
                {
                    op["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray(r.Role) });
                }

                item[r.Method.ToLowerInvariant()] = op;
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
                ["securitySchemes"] = new JsonObject { ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" } },
                ["schemas"] = new JsonObject
                {
                    ["Problem"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject
                        {
                            ["type"] = new JsonObject { ["type"] = "string" },
                            ["title"] = new JsonObject { ["type"] = "string" },
                            ["status"] = new JsonObject { ["type"] = "integer" },
                            ["detail"] = new JsonObject { ["type"] = "string" },
                        },
                    },
                },
            },
        };
    }

    public static IResult Get() => Results.Text(Build().ToJsonString(), "application/json");

    private static JsonObject Param(string name, string description) =>
        new() { ["name"] = name, ["in"] = "query", ["required"] = false, ["description"] = description, ["schema"] = new JsonObject { ["type"] = "string" } };

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex PathParam();
}
