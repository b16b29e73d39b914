using System.Collections.Frozen;
using System.Reflection;

namespace Alerts.Core.Web;

/// <summary>
/// The static web pages (Web/wwwroot, embedded in this assembly), served by both hosts with a strict
/// Content-Security-Policy: scripts and styles from this origin only, no inline script, no other origin.
/// </summary>
public static class WebPages
{
    /// <summary>The policy every page and asset is sent with.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Where both hosts serve the pages (the Functions app's route prefix is /api; the self-host uses the same path).</summary>
    public const string BasePath = "/api/app/";

    /// <summary>The page served for an empty path (the subscribe page).</summary>
    public const string IndexFile = "index.html";

    private const string ResourcePrefix = "Alerts.Core.Web.wwwroot/";

    private static readonly FrozenDictionary<string, WebFile> Files = Load();

    /// <summary>The file names served, for tests and documentation.</summary>
    public static IReadOnlyCollection<string> Names => Files.Keys;

    /// <summary>Answers GET/HEAD for one file: <paramref name="path"/> is relative to the pages' root ("" means the subscribe page).</summary>
    public static IResult Serve(string? path, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.CacheControl = "no-cache";
        if (!Files.TryGetValue(string.IsNullOrEmpty(path) ? IndexFile : path, out var file))
        {
            return Results.Text("Not found.", "text/plain; charset=utf-8", statusCode: 404);
        }

        response.Headers.ETag = file.ETag;
        if (context.Request.Headers.IfNoneMatch.ToString() == file.ETag)
        {
            return Results.StatusCode(304);
        }

        return Results.Bytes(file.Bytes, file.ContentType);
    }

    private static FrozenDictionary<string, WebFile> Load()
    {
        var assembly = typeof(WebPages).Assembly;
        var files = new Dictionary<string, WebFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var ms = new MemoryStream();
            stream.CopyTo(ms);
            var bytes = ms.ToArray();
            var file = name[ResourcePrefix.Length..];
            files[file] = new WebFile(bytes, ContentTypeOf(file), "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8)) + "\"");
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private sealed record WebFile(byte[] Bytes, string ContentType, string ETag);
}
