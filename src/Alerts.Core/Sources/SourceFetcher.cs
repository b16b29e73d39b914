using System.Net.Http.Headers;

namespace Alerts.Core.Sources;

/// <summary>
/// All HTTP a source makes goes through here: every request is sent to the source's effective origin (its real paths
/// and queries kept, links it follows included), with conditional-GET validators, a size cap that also holds after
/// decompression, a time-out, a redirect cap, and retries with back-off on 429 and 5xx.
/// </summary>
public sealed class SourceFetcher(HttpClient client, SourceDefinition source, IDictionary<string, Validators> validators, FetchLimits limits, TimeProvider time, string userAgent)
{
    private readonly Uri _origin = new(source.EffectiveBaseUrl, UriKind.Absolute);

    /// <summary>Number of HTTP requests sent so far.</summary>
    public int RequestCount { get; private set; }

    /// <summary>Every document fetched so far (the evidence of this poll).</summary>
    public List<FetchedDocument> Documents { get; } = [];

    /// <summary>True when a validator changed since the fetcher was created.</summary>
    public bool ValidatorsChanged { get; private set; }

    /// <summary>The URLs (path and query) requested so far: the only ones whose validators are worth keeping.</summary>
    public HashSet<string> RequestedKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>The validators after the poll (to store).</summary>
    public IDictionary<string, Validators> Validators => validators;

    /// <summary>Resolves a path or a link taken from a response to the source's effective origin.</summary>
    public Uri Resolve(string pathOrUrl)
    {
        var u = Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var abs) && (abs.Scheme == Uri.UriSchemeHttp || abs.Scheme == Uri.UriSchemeHttps)
            ? abs
            : new Uri(_origin, pathOrUrl);
        var b = new UriBuilder(u) { Scheme = _origin.Scheme, Host = _origin.Host, Port = _origin.Port };
        return b.Uri;
    }

    /// <summary>GET a document. Returns null when the server answered 304 Not Modified (conditional: true).</summary>
    public async Task<FetchedDocument?> GetAsync(string pathOrUrl, bool conditional = true, string? accept = null, CancellationToken cancellationToken = default)
    {
        var uri = Resolve(pathOrUrl);
        var key = uri.PathAndQuery;
        RequestedKeys.Add(key);
        for (var attempt = 1; ; attempt++)
        {
            var (doc, retryAfter, error, status) = await TryGetAsync(uri, key, conditional, accept, cancellationToken);
            if (error is null)
            {
                return doc;
            }

            if (retryAfter is null || attempt >= limits.MaxAttempts)
            {
                throw new SourceException(error, status, retryAfter);
            }

            await Task.Delay(retryAfter.Value, time, cancellationToken);
        }
    }

    private async Task<(FetchedDocument? Doc, TimeSpan? RetryAfter, string? Error, int Status)> TryGetAsync(Uri uri, string key, bool conditional, string? accept, CancellationToken cancellationToken)
    {
        // The time-out runs on the service's clock (so a test can pass it with a fake one).
        using var deadline = new CancellationTokenSource(limits.Timeout, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var current = uri;
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
                request.Headers.Accept.ParseAdd(accept ?? "*/*");
                request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
                if (conditional && validators.TryGetValue(key, out var v))
                {
                    if (v.ETag is { Length: > 0 } known && EntityTagHeaderValue.TryParse(known, out var tag))
                    {
                        request.Headers.IfNoneMatch.Add(tag);
                    }

                    if (v.LastModified is { Length: > 0 } lm
                        && DateTimeOffset.TryParse(lm, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since))
                    {
                        request.Headers.IfModifiedSince = since;
                    }
                }

                RequestCount++;
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && status != 304)
                {
                    if (redirects >= limits.MaxRedirects || response.Headers.Location is null)
                    {
                        return (null, null, $"{source.Id}: too many redirects or a redirect without Location at {Describe(current)}", status);
                    }

                    current = Resolve(new Uri(current, response.Headers.Location).ToString());
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotModified)
                {
                    return (null, null, null, status);
                }

                if (status == 429 || status >= 500)
                {
                    var wait = Http.RetryAfter.From(response.Headers, time.GetUtcNow(), limits.MaxRetryAfter) ?? limits.RetryDelay * Math.Pow(2, RequestCount - 1);
                    if (wait > limits.MaxRetryAfter)
                    {
                        wait = limits.MaxRetryAfter;
                    }

                    return (null, wait, $"{source.Id}: the server answered {status} {response.ReasonPhrase} at {Describe(current)} (after retries)", status);
                }

                var body = await ReadCappedAsync(response.Content, timeout.Token);
                if (status >= 400)
                {
                    return (null, null, $"{source.Id}: the server answered {status} at {Describe(current)}: {Excerpt(body.Span)}", status);
                }

                var etag = response.Headers.ETag?.ToString();
                var lastModified = response.Content.Headers.LastModified?.ToString("R");
                if (etag is not null || lastModified is not null)
                {
                    var nv = new Validators(etag, lastModified);
                    if (!validators.TryGetValue(key, out var old) || old != nv)
                    {
                        validators[key] = nv;
                        ValidatorsChanged = true;
                    }
                }

                var fetched = new FetchedDocument
                {
                    Url = current.ToString(),
                    FetchedAt = time.GetUtcNow(),
                    Status = status,
                    ETag = etag,
                    LastModified = lastModified,
                    ContentType = response.Content.Headers.ContentType?.ToString(),
                    Content = body,
                    ContentSha256 = Convert.ToHexStringLower(SHA256.HashData(body.Span)),
                };
                Documents.Add(fetched);
                return (fetched, null, null, status);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, limits.RetryDelay, $"{source.Id}: no answer within {limits.Timeout.TotalSeconds:0} s from {Describe(current)}", 0);
        }
        catch (HttpRequestException ex)
        {
            return (null, limits.RetryDelay, $"{source.Id}: cannot reach {Describe(current)}: {ex.Message}", 0);
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is long declared && declared > limits.MaxResponseBytes)
        {
            throw new SourceException($"{source.Id}: the response declares {declared} bytes, over the limit of {limits.MaxResponseBytes} bytes");
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limits.MaxResponseBytes)
            {
                throw new SourceException($"{source.Id}: the response is over the limit of {limits.MaxResponseBytes} bytes (after decompression)");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The address an error names: no query (tokens ride there), and a path cut to 200 characters (a server chooses it).</summary>
    private static string Describe(Uri uri) => uri.GetLeftPart(UriPartial.Path) is { Length: > 200 } path ? path[..199] + "…" : uri.GetLeftPart(UriPartial.Path);

    private static string Excerpt(ReadOnlySpan<byte> body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]);
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
