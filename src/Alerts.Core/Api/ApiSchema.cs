using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace Alerts.Core.Api;

/// <summary>
/// A schema in the OpenAPI document: generated from a .NET type (named after it under components/schemas, so a
/// response or request record cannot drift from what the API sends), or written inline for an ad-hoc shape.
/// </summary>
public sealed class ApiSchema
{
    private ApiSchema(Type? type, JsonObject? inline, string? name)
    {
        Type = type;
        InlineSchema = inline;
        Name = name;
    }

    /// <summary>The .NET type whose JSON (with <see cref="ApiJson.Options"/>) the schema describes, or null for an inline schema.</summary>
    public Type? Type { get; }

    /// <summary>The component name of a type's schema.</summary>
    public string? Name { get; }

    public JsonObject? InlineSchema { get; }

    /// <summary>The schema of a type's JSON, as a component named after the type (or <paramref name="name"/>).</summary>
    public static ApiSchema Of<T>(string? name = null) => Of(typeof(T), name);

    public static ApiSchema Of(Type type, string? name = null) => new(type, null, name ?? type.Name);

    public static ApiSchema Inline(JsonObject schema) => new(null, schema, null);

    /// <summary>The same schema as a named component (a $ref where it is used).</summary>
    public ApiSchema Named(string name) => new(Type, InlineSchema, name) { Properties = Properties, ArrayItem = ArrayItem };

    /// <summary>An object whose properties are the given schemas.</summary>
    public static ApiSchema Object(params (string Name, ApiSchema Schema)[] properties) => new(null, null, null) { Properties = properties };

    /// <summary>An object with one property <c>items</c>: an array of <paramref name="item"/>.</summary>
    public static ApiSchema Items(ApiSchema item) => Object(("items", ArrayOf(item)));

    public static ApiSchema ArrayOf(ApiSchema item) => new(null, null, null) { ArrayItem = item };

    public static ApiSchema String(string? format = null) => Inline(format is null ? new() { ["type"] = "string" } : new() { ["type"] = "string", ["format"] = format });

    public static ApiSchema Integer() => Inline(new() { ["type"] = "integer" });

    public static ApiSchema Boolean() => Inline(new() { ["type"] = "boolean" });

    public static ApiSchema AnyObject(string? description = null) =>
        Inline(description is null ? new() { ["type"] = "object" } : new() { ["type"] = "object", ["description"] = description });

    private (string Name, ApiSchema Schema)[]? Properties { get; init; }

    private ApiSchema? ArrayItem { get; init; }

    /// <summary>The schema as JSON; a named schema becomes a $ref and is added to <paramref name="components"/> once.</summary>
    public JsonNode ToJson(JsonObject components)
    {
        if (Name is null)
        {
            return Body(components);
        }

        if (!components.ContainsKey(Name))
        {
            components[Name] = Body(components);
        }

        return new JsonObject { ["$ref"] = "#/components/schemas/" + Name };
    }

    private JsonNode Body(JsonObject components)
    {
        if (Type is not null)
        {
            return JsonSchemaExporter.GetJsonSchemaAsNode(ApiJson.Options, Type);
        }

        if (Properties is not null)
        {
            var props = new JsonObject();
            foreach (var (name, schema) in Properties)
            {
                props[name] = schema.ToJson(components);
            }

            return new JsonObject { ["type"] = "object", ["properties"] = props };
        }

        return ArrayItem is not null
            ? new JsonObject { ["type"] = "array", ["items"] = ArrayItem.ToJson(components) }
            : InlineSchema!.DeepClone();
    }
}
