using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Alerts.Tests.Harness;

/// <summary>What an API call answered: status, body as text, headers (content headers included).</summary>
public sealed record ApiReply(int Status, string Body, IHeaderDictionary Headers)
{
    public JsonElement Json => JsonDocument.Parse(Body.Length == 0 ? "null" : Body).RootElement;

    /// <summary>The Content-Type header, or "" when there is none.</summary>
    public string ContentType => Headers.ContentType.ToString();

    public void Deconstruct(out int status, out string body)
    {
        status = Status;
        body = Body;
    }
}
