using Alerts.Core.Webhooks;

namespace Alerts.Server.Demo;

/// <summary>
/// A team's webhook receiver, as a team would write one from the Standard Webhooks specification: it checks
/// <c>webhook-id</c>, <c>webhook-timestamp</c> (at most five minutes off) and <c>webhook-signature</c> (one of its
/// space-separated <c>v1,</c> signatures must equal the HMAC computed with the endpoint's secret by
/// <see cref="WebhookSigner"/>, compared in constant time), answers 204 to a verified request and 401 otherwise, and keeps
/// every request it got (verified or not) for the demo's page.
/// </summary>
public sealed class DemoWebhookReceiver(TimeProvider time)
{
    public const string ReceivePath = "/receiver/webhook";
    public const int MaxKept = 500;
    public const int MaxBodyBytes = 1024 * 1024;
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private readonly List<DemoWebhook> _received = [];
    private string? _secret;

    /// <summary>The endpoint's signing secret (whsec_...), set when the demo registers the endpoint.</summary>
    public string? Secret
    {
        get => Volatile.Read(ref _secret);
        set => Volatile.Write(ref _secret, value);
    }

    /// <summary>What the receiver got, newest first.</summary>
    public IReadOnlyList<DemoWebhook> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. Enumerable.Reverse(_received)];
            }
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var body = await ReadAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var headers = context.Request.Headers;
        var id = headers["webhook-id"].ToString();
        var timestamp = headers["webhook-timestamp"].ToString();
        var signature = headers["webhook-signature"].ToString();
        var verdict = Verify(id, timestamp, signature, body);
        var (type, changeId, title) = Describe(body);
        var kept = new DemoWebhook(time.GetUtcNow(), Cut(id), Cut(timestamp), Cut(signature), verdict is null, verdict ?? "signature verified", type, changeId, title,
            Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 64 * 1024))));
        lock (_lock)
        {
            _received.Add(kept);
            if (_received.Count > MaxKept)
            {
                _received.RemoveAt(0);
            }
        }

        context.Response.StatusCode = verdict is null ? StatusCodes.Status204NoContent : StatusCodes.Status401Unauthorized;
    }

    /// <summary>Null when the request is signed with <see cref="Secret"/> and recent; otherwise why not.</summary>
    public string? Verify(string id, string timestamp, string signatures, ReadOnlySpan<byte> body)
    {
        if (Secret is not { } secret)
        {
            return "no endpoint registered yet";
        }

        if (id.Length == 0 || timestamp.Length == 0 || signatures.Length == 0)
        {
            return "missing webhook-id, webhook-timestamp or webhook-signature";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return "webhook-timestamp is not a number of seconds";
        }

        var sent = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if ((time.GetUtcNow() - sent).Duration() > Tolerance)
        {
            return "webhook-timestamp is more than five minutes off";
        }

        var expected = Encoding.ASCII.GetBytes(WebhookSigner.Sign(id, seconds, body, [secret]));
        foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected))
            {
                return null;
            }
        }

        return "no signature matches the endpoint's secret";
    }

    private static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static (string? Type, string? ChangeId, string? Title) Describe(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, null);
            }

            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                return (type, null, null);
            }

            return (type, Str(data, "id"), Str(data, "title"));
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }

    private static string? Cut(string value) => value.Length == 0 ? null : value[..Math.Min(value.Length, 1000)];

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
