using System.Security.Cryptography;

namespace Alerts.Tests.Harness;

/// <summary>One mail/send request SendGrid accepted (or refused), parsed.</summary>
public sealed record SentMail(int Status, JsonElement Json)
{
    public string Subject => Json.GetProperty("subject").GetString()!;

    public string Html => Json.GetProperty("content").EnumerateArray().First(c => c.GetProperty("type").GetString() == "text/html").GetProperty("value").GetString()!;

    public string Text => Json.GetProperty("content").EnumerateArray().First(c => c.GetProperty("type").GetString() == "text/plain").GetProperty("value").GetString()!;

    public List<JsonElement> Personalizations => [.. Json.GetProperty("personalizations").EnumerateArray()];

    public List<string> Recipients => [.. Personalizations.Select(p => p.GetProperty("to")[0].GetProperty("email").GetString()!)];
}

/// <summary>
/// SendGrid played on 127.0.0.1: v3 mail/send with the API key as a bearer token (401 otherwise), 202 by default; a test
/// scripts other answers through <see cref="Answer"/>. Its Event Webhook key signs events as SendGrid does.
/// </summary>
public sealed class FakeSendGrid : IAsyncDisposable
{
    public const string ApiKey = "SG.test-key-never-logged";

    private int _count;

    private FakeSendGrid(LocalServer server) => Server = server;

    public LocalServer Server { get; }

    /// <summary>The key SendGrid signs its Event Webhook with (its public half is in <see cref="Settings"/>).</summary>
    public ECDsa EventKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>Every mail/send request answered, in order.</summary>
    public ConcurrentQueue<SentMail> Mails { get; } = new();

    /// <summary>Mails SendGrid accepted.</summary>
    public List<SentMail> Accepted => [.. Mails.Where(m => m.Status == 202)];

    /// <summary>Answers the n-th (1-based) mail/send request itself when it returns true; false leaves the default 202.</summary>
    public Func<int, JsonElement, HttpContext, Task<bool>>? Answer { get; set; }

    /// <summary>The settings that turn e-mail on and point the service at this SendGrid.</summary>
    public Dictionary<string, string?> Settings(string publicBaseUrl) => new()
    {
        ["Alerts:PublicBaseUrl"] = publicBaseUrl,
        ["Alerts:SendGrid:Enabled"] = "true",
        ["Alerts:SendGrid:ApiKey"] = ApiKey,
        ["Alerts:SendGrid:From"] = "alerts@example.org",
        ["Alerts:SendGrid:BaseUrl"] = Server.BaseUri.ToString().TrimEnd('/'),
        ["Alerts:SendGrid:EventWebhookPublicKey"] = Convert.ToBase64String(EventKey.ExportSubjectPublicKeyInfo()),
        ["Alerts:SendGrid:UnsubscribeMailto"] = "unsubscribe@example.org",
    };

    public static async Task<FakeSendGrid> StartAsync()
    {
        FakeSendGrid? sendGrid = null;
        var server = await LocalServer.StartAsync(ctx => sendGrid!.HandleAsync(ctx));
        sendGrid = new FakeSendGrid(server);
        return sendGrid;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        if (ctx.Request.Path != "/v3/mail/send" || ctx.Request.Method != "POST" || ctx.Request.Headers.Authorization != "Bearer " + ApiKey)
        {
            ctx.Response.StatusCode = 401;
            return;
        }

        var n = Interlocked.Increment(ref _count);
        // LocalServer has read the body into Requests already.
        using var doc = JsonDocument.Parse(Server.Requests.Last(r => r.PathAndQuery == "/v3/mail/send").Body);
        var json = doc.RootElement.Clone();
        if (Answer is { } answer && await answer(n, json, ctx))
        {
            Mails.Enqueue(new SentMail(ctx.Response.StatusCode, json));
            return;
        }

        ctx.Response.StatusCode = 202;
        Mails.Enqueue(new SentMail(202, json));
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        EventKey.Dispose();
    }
}
