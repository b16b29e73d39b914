using System.Net.Http.Headers;

namespace Alerts.Tests.Harness;

/// <summary>What an API call answered: status, body as text, headers (content headers included).</summary>
public sealed record ApiReply(int Status, string Body, IHeaderDictionary Headers)
{
    public JsonElement Json => JsonDocument.Parse(Body.Length == 0 ? "null" : Body).RootElement;

    /// <summary>The Content-Type header, or "" when there is none.</summary>
    public string ContentType => Headers.ContentType.ToString();

    /// <summary>The Content-Type's media type without its parameters ("application/xml" of "application/xml; charset=utf-8"), or "".</summary>
    public string MediaType => MediaTypeHeaderValue.TryParse(ContentType, out var type) ? type.MediaType ?? "" : "";

    /// <summary>The body byte for byte as it came over HTTP.</summary>
    public required byte[] Bytes { get; init; }

    public void Deconstruct(out int status, out string body)
    {
        status = Status;
        body = Body;
    }
}
