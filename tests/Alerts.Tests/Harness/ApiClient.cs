using System.Net.Http.Headers;

namespace Alerts.Tests.Harness;

/// <summary>
/// The one way tests call the HTTP API: a route by its name in the route table (<see cref="ApiRoutes.All"/>), the key as a
/// bearer header, the body as JSON, as text or as bytes; over real HTTP to a server (the self-host on Kestrel in
/// <see cref="TestWorld"/>).
/// </summary>
public sealed class ApiClient
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    private ApiClient(HttpClient http) => _http = http;

    /// <summary>Calls over HTTP through <paramref name="http"/> (its BaseAddress the server's root).</summary>
    public static ApiClient Over(HttpClient http) => new(http ?? throw new ArgumentNullException(nameof(http)));

    /// <summary>
    /// Calls the route named <paramref name="name"/>: <paramref name="id"/> (or the job id of a verify job) and <paramref name="deliveryId"/> fill its route,
    /// <paramref name="query"/> ("?a=b") is appended; the body is <paramref name="bytes"/>, else <paramref name="rawBody"/>,
    /// else <paramref name="body"/> as JSON; <paramref name="headers"/> are sent besides.
    /// </summary>
    public Task<ApiReply> CallAsync(
        string name, string? key = null, object? body = null, string? id = null, string? deliveryId = null, string? query = null,
        string contentType = "application/json", string? rawBody = null, byte[]? bytes = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var route = ApiRoutes.All.Single(r => r.Name == name);
        bytes ??= rawBody is not null || body is not null ? Encoding.UTF8.GetBytes(rawBody ?? JsonSerializer.Serialize(body, WebJson)) : null;
        var request = new Request(route, key, id, deliveryId, query, bytes, contentType, headers ?? new Dictionary<string, string>());
        return SendAsync(_http, request);
    }

    private sealed record Request(
        ApiRoute Route, string? Key, string? Id, string? DeliveryId, string? Query, byte[]? Body, string ContentType, IReadOnlyDictionary<string, string> Headers);

    private static async Task<ApiReply> SendAsync(HttpClient http, Request r)
    {
        var path = "api/" + r.Route.Route
            .Replace("{id}", Uri.EscapeDataString(r.Id ?? ""), StringComparison.Ordinal)
            .Replace("{deliveryId}", Uri.EscapeDataString(r.DeliveryId ?? ""), StringComparison.Ordinal)
            .Replace("{jobId}", Uri.EscapeDataString(r.Id ?? ""), StringComparison.Ordinal);
        using var message = new HttpRequestMessage(new HttpMethod(r.Route.Method), path + r.Query);
        if (r.Key is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", r.Key);
        }

        foreach (var (k, v) in r.Headers)
        {
            message.Headers.TryAddWithoutValidation(k, v);
        }

        if (r.Body is not null)
        {
            message.Content = new ByteArrayContent(r.Body);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", r.ContentType);
        }

        using var response = await http.SendAsync(message);
        var headers = new HeaderDictionary();
        foreach (var (k, v) in response.Headers.Concat(response.Content.Headers))
        {
            headers[k] = v.ToArray();
        }

        var bytes = await response.Content.ReadAsByteArrayAsync();
        // The text is the bytes decoded as UTF-8 with a byte-order mark kept (ReadAsStringAsync would drop it).
        return new ApiReply((int)response.StatusCode, Encoding.UTF8.GetString(bytes), headers) { Bytes = bytes };
    }
}
