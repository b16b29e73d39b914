using System.Diagnostics;
using System.Net.Http.Headers;

namespace Alerts.Core.Webhooks;

/// <summary>
/// Sends one signed POST to an endpoint: time-out, no redirects, at most MaxResponseBytes of the answer read, bounded
/// concurrency per endpoint across every instance of the app (a slot is a lease in storage, <see cref="StorageLeases"/>;
/// a busy endpoint answers <see cref="SendKinds.Busy"/> at once instead of holding a worker) and per process (a slot
/// is waited for at most one time-out, then <see cref="SendKinds.Busy"/>). Connections go through <see cref="SsrfGuard.ConnectAsync"/>.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory httpClients, SsrfGuard guard, StorageLeases leases, IOptions<WebhookOptions> options, TimeProvider time) : IDisposable
{
    public const string HttpClientName = "webhooks";
    public const int ExcerptBytes = 1024;

    private readonly SemaphoreSlim _global = new(options.Value.MaxConcurrency);

    public void Dispose() => _global.Dispose();

    /// <summary>The lease scope of an endpoint's request slots (<see cref="WebhookOptions.MaxConcurrencyPerEndpoint"/> of them).</summary>
    public static string LeaseScope(string endpointId) => "webhook|" + endpointId;

    /// <summary>
    /// How long an endpoint slot is leased (renewed while the request runs): a crashed instance's slot is free again after
    /// this. Covers the wait for a process slot and the request, each at most one time-out.
    /// </summary>
    public static TimeSpan LeaseDuration(WebhookOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return TimeSpan.FromSeconds(Math.Max(30, 2 * o.TimeoutSeconds + 15));
    }

    public async Task<SendResult> SendAsync(string endpointId, string url, string messageId, byte[] body, IReadOnlyList<string> secrets, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        await using var endpointSlot = await leases.TryAcquireAsync(LeaseScope(endpointId), o.MaxConcurrencyPerEndpoint, LeaseDuration(o), cancellationToken);
        if (endpointSlot is null)
        {
            return new SendResult { Kind = SendKinds.Busy, Error = "the endpoint already has its share of requests in flight" };
        }

        // Checked again at every delivery (the URL may now resolve inside); the connection itself is checked once more
        // in SsrfGuard.ConnectAsync, against the address it actually connects to.
        var decision = await guard.CheckUrlAsync(url, cancellationToken);
        if (!decision.Allowed)
        {
            return new SendResult { Kind = SendKinds.Retry, Error = "Refused: " + decision.Reason };
        }

        // A slot of the whole app is waited for at most one request time-out: when slow receivers hold them all, the
        // delivery goes back to the queue as busy (no attempt counted) and the worker serves other teams' messages.
        using (var gateTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(o.TimeoutSeconds), time))
        using (var gateWait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, gateTimeout.Token))
        {
            try
            {
                await _global.WaitAsync(gateWait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new SendResult { Kind = SendKinds.Busy, Error = "every webhook slot of the service is in use by slow receivers" };
            }
        }

        try
        {
            return await PostAsync(url, messageId, body, secrets, o, cancellationToken);
        }
        finally
        {
            _global.Release();
        }
    }

    private async Task<SendResult> PostAsync(string url, string messageId, byte[] body, IReadOnlyList<string> secrets, WebhookOptions o, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.Sign(messageId, timestamp, body, secrets));
        request.Headers.UserAgent.ParseAdd("export-policy-alerts-webhooks/1.0");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
        var started = Stopwatch.GetTimestamp();
        var client = httpClients.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var (read, excerpt) = await ReadLimitedAsync(response, o.MaxResponseBytes, timeout.Token);
            var ms = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var status = (int)response.StatusCode;
            var result = new SendResult { Kind = SendKinds.Retry, StatusCode = status, DurationMs = ms, Excerpt = excerpt, BodyBytesRead = read };
            return status switch
            {
                >= 200 and < 300 => result with { Kind = SendKinds.Delivered },
                410 => result with { Kind = SendKinds.Gone, Error = "410 Gone: the endpoint says it no longer exists" },
                429 or 503 => result with
                {
                    Error = $"{status} {response.ReasonPhrase}",
                    RetryAfter = Http.RetryAfter.From(response.Headers, time.GetUtcNow()),
                },
                >= 300 and < 400 => result with { Error = $"{status} redirect to '{response.Headers.Location}' not followed (register the final URL)" },
                _ => result with { Error = $"{status} {response.ReasonPhrase}" },
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failure($"no complete answer within the time-out of {o.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s", started);
        }
        catch (HttpRequestException ex)
        {
            var refused = ex as AddressRefusedException ?? ex.InnerException as AddressRefusedException;
            return Failure(refused?.Message ?? "connection failed: " + ex.Message, started);
        }
    }

    private static SendResult Failure(string error, long started) =>
        new() { Kind = SendKinds.Retry, Error = error, DurationMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds };

    /// <summary>Reads at most <paramref name="max"/> bytes; the rest is never read (the connection is dropped on dispose).</summary>
    private static async Task<(long Read, string Excerpt)> ReadLimitedAsync(HttpResponseMessage response, int max, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[Math.Min(max, 16 * 1024)];
        var first = new byte[ExcerptBytes];
        var firstLength = 0;
        long total = 0;
        while (total < max)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, max - total)), cancellationToken);
            if (n == 0)
            {
                break;
            }

            var copy = Math.Min(n, ExcerptBytes - firstLength);
            if (copy > 0)
            {
                buffer.AsSpan(0, copy).CopyTo(first.AsSpan(firstLength));
                firstLength += copy;
            }

            total += n;
        }

        return (total, Encoding.UTF8.GetString(first, 0, firstLength));
    }
}
