using System.Text.Json;
using Alerts.Core.Api;
using Microsoft.AspNetCore.Http;

namespace Alerts.Core.Webhooks;

/// <summary>Request plumbing of the team endpoints: the caller's team, a bounded JSON body.</summary>
internal static class TeamApiRequests
{
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The caller's team, or a 403 for a key without one.</summary>
    public static (string? TeamId, IResult? Error) Team(HttpContext context) =>
        context.Caller()?.TeamId is { Length: > 0 } team
            ? (team, null)
            : (null, Problems.Forbidden("This endpoint needs a team key: webhooks and GitHub targets belong to a team."));

    /// <summary>Reads a JSON object body: application/json, at most 64 KiB, well-formed.</summary>
    public static async Task<(JsonElement Body, IResult? Error)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var type = request.ContentType ?? "";
        if (!type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (default, Problems.UnsupportedMediaType($"Send the body as application/json (got '{(type.Length == 0 ? "none" : type)}')."));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (default, Problems.TooLarge($"The body may be at most {MaxBodyBytes} bytes."));
        }

        using var ms = new MemoryStream();
        var buffer = new byte[8192];
        int n;
        while ((n = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (ms.Length + n > MaxBodyBytes)
            {
                return (default, Problems.TooLarge($"The body may be at most {MaxBodyBytes} bytes."));
            }

            ms.Write(buffer, 0, n);
        }

        try
        {
            using var doc = JsonDocument.Parse(ms.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (default, Problems.InvalidRequest("The body must be a JSON object."));
            }

            return (doc.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (default, Problems.InvalidRequest($"The body is not valid JSON: {ex.Message}"));
        }
    }

    /// <summary>An optional string property: absent or null gives null; another type is an error.</summary>
    public static bool TryString(JsonElement body, string name, int maxLength, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (!body.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (p.ValueKind != JsonValueKind.String)
        {
            error = $"{name} must be a string.";
            return false;
        }

        value = p.GetString();
        if (value!.Length > maxLength)
        {
            error = $"{name} may be at most {maxLength} characters (got {value.Length}).";
            return false;
        }

        return true;
    }
}
