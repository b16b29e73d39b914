namespace Alerts.Core.ChangeLog;

/// <summary>The stored evidence bytes, unchanged, with the recorded hash in a header (and as an RFC 9530 Repr-Digest).</summary>
internal sealed class EvidenceResult(Stream content, string contentType, string sha256, long length) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        await using var body = content;
        var response = httpContext.Response;
        response.StatusCode = 200;
        response.ContentType = contentType;
        response.ContentLength = length;
        response.Headers[ChangesApi.ContentSha256Header] = sha256;
        if (sha256.Length == 64 && sha256.All(char.IsAsciiHexDigit))
        {
            response.Headers["Repr-Digest"] = "sha-256=:" + Convert.ToBase64String(Convert.FromHexString(sha256)) + ":";
        }

        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers.ContentDisposition = "attachment; filename=\"evidence-" + new string([.. sha256.Where(char.IsAsciiLetterOrDigit).Take(16)]) + "\"";
        await body.CopyToAsync(response.Body, httpContext.RequestAborted);
    }
}
