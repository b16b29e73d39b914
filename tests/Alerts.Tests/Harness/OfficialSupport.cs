namespace Alerts.Tests.Harness;

/// <summary>Helpers the official-source tests share: fixture files, served documents.</summary>
internal static class OfficialSupport
{
    public static string Fixture(params string[] parts) => Path.Combine([Paths.Fixtures, "Official", .. parts]);

    public static string Corpus(params string[] parts) => Path.Combine([Paths.Corpus, .. parts]);

    /// <summary>Answers with the bytes of a file.</summary>
    public static async Task ServeFile(HttpContext ctx, string path, string contentType = "application/json")
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = contentType;
        await ctx.Response.Body.WriteAsync(await File.ReadAllBytesAsync(path));
    }

    /// <summary>Answers with bytes.</summary>
    public static async Task ServeBytes(HttpContext ctx, byte[] body, string contentType = "application/json", string? etag = null)
    {
        if (etag is not null)
        {
            ctx.Response.Headers.ETag = etag;
            if (ctx.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                ctx.Response.StatusCode = 304;
                return;
            }
        }

        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = contentType;
        await ctx.Response.Body.WriteAsync(body);
    }
}
