using Microsoft.Net.Http.Headers;

namespace Alerts.Core.Api;

/// <summary>
/// The one way a handler reads a request body: the media type checked, at most a given number of bytes read (the
/// Content-Length checked first, then the bytes as they arrive), the JSON parsed with the given options. Every failure is
/// a problem result (415, 413 or 400) and nothing is changed.
/// </summary>
public static class ApiRequests
{
    /// <summary>Reads at most <paramref name="max"/> bytes of the body; TooLarge when there are more.</summary>
    public static async Task<(byte[] Bytes, bool TooLarge)> ReadBytesAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength > max)
        {
            return ([], true);
        }

        using var ms = new MemoryStream();
        var buffer = new byte[8192];
        int n;
        while ((n = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            ms.Write(buffer, 0, n);
            if (ms.Length > max)
            {
                return ([], true);
            }
        }

        return (ms.ToArray(), false);
    }

    /// <summary>A JSON body bound to <typeparamref name="T"/>: application/json, at most <paramref name="max"/> bytes, valid for the options.</summary>
    public static async Task<(T? Body, IResult? Error)> ReadJsonAsync<T>(HttpRequest request, int max, JsonSerializerOptions options, string what, CancellationToken cancellationToken)
        where T : class
    {
        var (bytes, refused) = await ReadJsonBytesAsync(request, max, cancellationToken);
        if (refused is not null)
        {
            return (null, refused);
        }

        try
        {
            var body = JsonSerializer.Deserialize<T>(bytes, options);
            return body is null ? (null, Problems.InvalidRequest("The body must be a JSON object.")) : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.InvalidRequest($"The body is not valid JSON for {what}: {Cut(ex.Message)}"));
        }
    }

    /// <summary>A JSON object body, read field by field by the handler: application/json, at most <paramref name="max"/> bytes, depth 16.</summary>
    public static async Task<(JsonElement Body, IResult? Error)> ReadObjectAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        var (bytes, refused) = await ReadJsonBytesAsync(request, max, cancellationToken);
        if (refused is not null)
        {
            return (default, refused);
        }

        try
        {
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
            return doc.RootElement.ValueKind == JsonValueKind.Object
                ? (doc.RootElement.Clone(), null)
                : (default, Problems.InvalidRequest("The body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            return (default, Problems.InvalidRequest($"The body is not valid JSON: {Cut(ex.Message)}"));
        }
    }

    /// <summary>The bytes of an application/json body of at most <paramref name="max"/> bytes, or the 415 or 413 that refuses it.</summary>
    private static async Task<(byte[] Bytes, IResult? Refused)> ReadJsonBytesAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (NotJson(request) is { } unsupported)
        {
            return ([], unsupported);
        }

        var (bytes, tooLarge) = await ReadBytesAsync(request, max, cancellationToken);
        return tooLarge ? ([], Problems.TooLarge($"The body may be at most {max} bytes.")) : (bytes, null);
    }

    private static IResult? NotJson(HttpRequest request)
    {
        var type = request.ContentType ?? "";
        return MediaTypeHeaderValue.TryParse(type, out var media) && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            ? null
            : Problems.UnsupportedMediaType($"Send the body as application/json (got '{(type.Length == 0 ? "none" : Cut(type))}').");
    }

    /// <summary>Text from a request (or a parser's message quoting it) is cut before it goes back in a problem.</summary>
    private static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
