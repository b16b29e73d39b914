using System.Text.Json.Serialization.Metadata;

namespace Alerts.Core.Api;

/// <summary>The JSON options of every API response and request body: web defaults (camelCase), nulls left out.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(), // what serializing sets anyway; the OpenAPI schemas need it before
    };
}
