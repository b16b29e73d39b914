using System.Text.Json.Nodes;

namespace Alerts.Core.Api;

/// <summary>A route's successful response as the OpenAPI document describes it: status, description, and per media type a schema.</summary>
public sealed record ApiResponse(string Status, string Description, IReadOnlyList<(string Media, ApiSchema Schema)> Content)
{
    public static ApiResponse Json(string status, string description, ApiSchema schema) => new(status, description, [("application/json", schema)]);

    public static ApiResponse Json<T>(string status, string description) => Json(status, description, ApiSchema.Of<T>());

    public static ApiResponse Media(string status, string description, string media, JsonObject schema) => new(status, description, [(media, ApiSchema.Inline(schema))]);

    /// <summary>A response without a body (a redirect).</summary>
    public static ApiResponse Empty(string status, string description) => new(status, description, []);
}
