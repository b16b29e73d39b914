using System.Globalization;
using System.Text.Json;
using System.Xml;
using Alerts.Core.Api;
using Alerts.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Alerts.Core.ChangeLog;

/// <summary>The change-log endpoints, shared by both hosts.</summary>
public sealed class ChangesApi(
    ChangeQueryService queries,
    ChangeLogStore store,
    ChangeLogVerifier verifier,
    ContinuationTokens tokens,
    EvidenceStore evidenceStore,
    AnchorService anchors,
    VerifyJobs verifyJobs,
    IOptions<AlertsOptions> options)
{
    /// <summary>Entries GET /api/changes/verify checks by default (the newest), and the most it checks (<c>last</c>).</summary>
    public const int DefaultVerifyLast = 1000;

    /// <summary>The most entries one GET /api/changes/verify checks: more is a job (POST).</summary>
    public const int MaxVerifyLast = 10_000;

    /// <summary>The query parameter carrying a per-key feed token (GET /api/changes.atom only).</summary>
    public const string FeedTokenParameter = ApiHandlers.FeedTokenParameter;

    /// <summary>Response header with the evidence content's SHA-256 (hex), as recorded in the change.</summary>
    public const string ContentSha256Header = "X-Content-SHA256";

    private static readonly string[] Severities = [.. WireWords.All<Severity>().Reverse()];

    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var (query, error) = ParseQuery(request.Query);
        if (error is not null)
        {
            return Problems.InvalidRequest(error);
        }

        var format = request.Query["format"].ToString() is { Length: > 0 } f ? f.ToLowerInvariant() : "json";
        if (format is "ndjson" or "csv")
        {
            if (request.Query["continuationToken"].ToString().Length > 0)
            {
                return Problems.InvalidRequest("format=ndjson and format=csv export every matching change in one streamed response: leave out continuationToken.");
            }

            return new ExportResult(queries, query!, format == "csv" ? ExportFormat.Csv : ExportFormat.Ndjson);
        }

        if (format != "json")
        {
            return Problems.InvalidRequest("format must be json, ndjson or csv.");
        }

        long? start = null;
        if (request.Query["continuationToken"].ToString() is { Length: > 0 } token)
        {
            start = tokens.Read(token, query!.Fingerprint());
            if (start is null)
            {
                return Problems.InvalidRequest(
                    "continuationToken is not valid for this query: it expired (a token lasts 24 hours), was edited or forged, or was made for other filters. " +
                    "Start again without it.");
            }
        }

        var page = await queries.QueryAsync(query!, start, cancellationToken);
        request.HttpContext.SetRows(page.Items.Count);
        return Results.Json(new
        {
            items = page.Items.Select(c => c with { Diff = [] }),
            continuationToken = page.NextSequence is { } next ? tokens.Create(next, query!.Fingerprint()) : null,
        }, ApiJson.Options);
    }

    public async Task<IResult> GetAsync(string id, HttpContext? context = null, CancellationToken cancellationToken = default)
    {
        var change = await FindAsync(id, cancellationToken);
        context?.SetRows(change is null ? 0 : 1);
        return change is null ? Problems.NotFound($"No change '{id}'.") : Results.Json(new VerifiableChange(change), ApiJson.Options);
    }

    /// <summary>GET /api/changes/{id}/evidence: the fetched content byte-for-byte, with its content type and SHA-256.</summary>
    public async Task<IResult> EvidenceAsync(string id, HttpContext? context = null, CancellationToken cancellationToken = default)
    {
        var change = await FindAsync(id, cancellationToken);
        if (change is null)
        {
            return Problems.NotFound($"No change '{id}'.");
        }

        if (change.Evidence is not { ContentSha256.Length: > 0 } evidence)
        {
            return Problems.NotFound($"Change '{id}' has no stored evidence.");
        }

        if (await evidenceStore.OpenAsync(evidence.ContentSha256, cancellationToken) is not { } stored)
        {
            return Problems.Make(410, "evidence-missing", "The evidence is missing.",
                $"The evidence blob {evidence.ContentSha256} of change '{id}' is not in storage; run verify to list every such change.");
        }

        context?.SetRows(1);
        return new EvidenceResult(stored.Content, evidence.ContentType ?? stored.ContentType ?? "application/octet-stream", evidence.ContentSha256, stored.Length);
    }

    /// <summary>
    /// GET /api/changes/verify: a bounded check that answers within the request: the newest <c>last</c> entries (1000 by
    /// default, at most 10,000), linked to the stored hash of the entry before them, their evidence and optionally the
    /// anchors. The whole chain is checked by a job (<see cref="StartVerifyJobAsync"/>).
    /// </summary>
    public async Task<IResult> VerifyAsync(HttpRequest? request = null, CancellationToken cancellationToken = default)
    {
        var checkEvidence = true;
        var checkAnchors = false;
        var last = DefaultVerifyLast;
        if (request is not null)
        {
            if (!TryBool(request.Query, "evidence", true, out checkEvidence) || !TryBool(request.Query, "anchors", false, out checkAnchors))
            {
                return Problems.InvalidRequest("evidence and anchors must be true or false.");
            }

            if (request.Query["last"].ToString() is { Length: > 0 } l
                && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out last) || last < 1 || last > MaxVerifyLast))
            {
                return Problems.InvalidRequest($"last must be a whole number from 1 to {MaxVerifyLast}; to check the whole log, POST /api/changes/verify (a job).");
            }
        }

        IReadOnlyList<Anchor>? published = null;
        if (checkAnchors)
        {
            if (!anchors.Configured)
            {
                return Problems.InvalidRequest("anchors=true needs anchoring to be configured (Alerts:Anchoring:Repository).");
            }

            try
            {
                published = await anchors.ReadPublishedAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is Octokit.ApiException or HttpRequestException or InvalidDataException)
            {
                return Problems.Make(502, "anchors-unavailable", "The published anchors cannot be read.",
                    ex is InvalidDataException ? ex.Message : "The GitHub repository holding the anchors did not answer as expected.");
            }
        }

        var head = await store.ReadHeadAsync(cancellationToken);
        var from = Math.Max(1, (head?.Sequence ?? 0) - last + 1);
        var r = await verifier.VerifyAsync(new VerifyOptions { Evidence = checkEvidence, Anchors = published, From = from }, cancellationToken: cancellationToken);
        var lastAnchor = await anchors.ReadLastRecordedAsync(cancellationToken);
        request?.HttpContext.SetRows(r.Checked);
        return Results.Json(new
        {
            ok = r.Ok,
            from = r.From,
            @checked = r.Checked,
            headSequence = r.HeadSequence,
            headHash = r.HeadHash,
            firstBadSequence = r.FirstBadSequence,
            firstBadChangeId = r.FirstBadChangeId,
            problem = r.Problem,
            evidenceChecked = r.EvidenceChecked,
            anchorsChecked = r.AnchorsChecked,
            findings = r.Findings,
            lastAnchor,
            message = r.Describe(),
        }, ApiJson.Options, statusCode: r.Ok ? 200 : 409);
    }

    /// <summary>
    /// POST /api/changes/verify: starts a full verification as a job (or joins the unfinished one with the same options)
    /// and answers 202 with the status resource's address in Location.
    /// </summary>
    public async Task<IResult> StartVerifyJobAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var q = context.Request.Query;
        if (!TryBool(q, "evidence", true, out var checkEvidence) || !TryBool(q, "anchors", false, out var checkAnchors))
        {
            return Problems.InvalidRequest("evidence and anchors must be true or false.");
        }

        if (checkAnchors && !anchors.Configured)
        {
            return Problems.InvalidRequest("anchors=true needs anchoring to be configured (Alerts:Anchoring:Repository).");
        }

        var (job, _) = await verifyJobs.StartAsync(checkEvidence, checkAnchors, cancellationToken);
        context.Response.Headers.Location = "/api/changes/verify/" + job.Id;
        context.SetRows(0);
        return Results.Json(job, ApiJson.Options, statusCode: 202);
    }

    /// <summary>GET /api/changes/verify/{jobId}: a verify job's status (queued, running, succeeded with the verdict, or failed).</summary>
    public async Task<IResult> VerifyJobAsync(string jobId, HttpContext? context = null, CancellationToken cancellationToken = default)
    {
        if (!VerifyJobs.IsJobId(jobId))
        {
            return Problems.InvalidRequest($"'{(jobId.Length > 40 ? jobId[..40] + "…" : jobId)}' is not a verify job id (the Location of POST /api/changes/verify names one).");
        }

        var job = await verifyJobs.GetAsync(jobId, cancellationToken);
        context?.SetRows(job is null ? 0 : 1);
        return job is null ? Problems.NotFound($"No verify job '{jobId}'.") : Results.Json(job, ApiJson.Options);
    }

    /// <summary>GET /api/changes.atom: the newest changes matching the filters as an Atom feed.</summary>
    public async Task<IResult> AtomAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var (query, error) = ParseQuery(request.Query);
        if (error is not null)
        {
            return Problems.InvalidRequest(error);
        }

        var page = await queries.QueryAsync(query! with { Order = "newest" }, null, cancellationToken);
        request.HttpContext.SetRows(page.Items.Count);
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        using var ms = new MemoryStream();
        await using (var w = XmlWriter.Create(ms, new XmlWriterSettings { Async = true, Encoding = new System.Text.UTF8Encoding(false), Indent = true }))
        {
            const string ns = "http://www.w3.org/2005/Atom";
            await w.WriteStartDocumentAsync();
            await w.WriteStartElementAsync(null, "feed", ns);
            await w.WriteElementStringAsync(null, "id", ns, "urn:export-policy-alerts:changes");
            await w.WriteElementStringAsync(null, "title", ns, "Export-policy changes");
            var updated = page.Items.Count > 0 ? page.Items.Max(c => c.DetectedAt) : DateTimeOffset.UnixEpoch;
            await w.WriteElementStringAsync(null, "updated", ns, updated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            await WriteLinkAsync(w, ns, "self", baseUrl + "/api/changes.atom", "application/atom+xml");
            foreach (var c in page.Items)
            {
                await w.WriteStartElementAsync(null, "entry", ns);
                await w.WriteElementStringAsync(null, "id", ns, "urn:export-policy-alerts:change:" + c.Id);
                await w.WriteElementStringAsync(null, "title", ns, Clean(c.Title));
                await w.WriteElementStringAsync(null, "updated", ns, c.DetectedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                if (c.PublishedAt is { } p)
                {
                    await w.WriteElementStringAsync(null, "published", ns, p.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                }

                await w.WriteStartElementAsync(null, "author", ns);
                await w.WriteElementStringAsync(null, "name", ns, Clean(c.SourceId));
                await w.WriteEndElementAsync();
                if (c.Url is { Length: > 0 } url)
                {
                    await WriteLinkAsync(w, ns, "alternate", url, null);
                }

                await WriteLinkAsync(w, ns, "related", baseUrl + "/api/changes/" + Uri.EscapeDataString(c.Id), "application/json");
                foreach (var term in c.Topics.Prepend(c.Severity.ToWire()).Prepend(c.Jurisdiction))
                {
                    await w.WriteStartElementAsync(null, "category", ns);
                    await w.WriteAttributeStringAsync(null, "term", null, Clean(term));
                    await w.WriteEndElementAsync();
                }

                await w.WriteStartElementAsync(null, "summary", ns);
                await w.WriteAttributeStringAsync(null, "type", null, "text");
                await w.WriteStringAsync(Clean($"[{c.Severity.ToWire()}] {c.ChangeType.ToWire()}: {c.Summary ?? c.Title}"));
                await w.WriteEndElementAsync();
                await w.WriteEndElementAsync();
            }

            await w.WriteEndElementAsync();
            await w.WriteEndDocumentAsync();
        }

        return Results.Bytes(ms.ToArray(), "application/atom+xml; charset=utf-8");
    }

    private static async Task WriteLinkAsync(XmlWriter w, string ns, string rel, string href, string? type)
    {
        await w.WriteStartElementAsync(null, "link", ns);
        await w.WriteAttributeStringAsync(null, "rel", null, rel);
        await w.WriteAttributeStringAsync(null, "href", null, Clean(href));
        if (type is not null)
        {
            await w.WriteAttributeStringAsync(null, "type", null, type);
        }

        await w.WriteEndElementAsync();
    }

    /// <summary>XML 1.0 cannot carry most control characters: drop them.</summary>
    private static string Clean(string s) => s.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r') || char.IsSurrogate(c))
        ? new string([.. s.Where(c => !(char.IsControl(c) && c is not ('\t' or '\n' or '\r')) && !char.IsSurrogate(c))])
        : s;

    private async Task<ChangeRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (id.Length is 0 or > 200)
        {
            return null;
        }

        return long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            ? await store.GetAsync(seq, cancellationToken)
            : await store.FindAsync(id, cancellationToken);
    }

    private static bool TryBool(IQueryCollection q, string name, bool fallback, out bool value)
    {
        value = fallback;
        var s = q[name].ToString();
        return s.Length == 0 || bool.TryParse(s, out value);
    }

    internal static (ChangeQuery? Query, string? Error) ParseQuery(IQueryCollection q)
    {
        DateTimeOffset? from = null, to = null;
        if (q["from"].ToString() is { Length: > 0 } f)
        {
            if (!ApiQuery.TryParseDate(f, false, out var v))
            {
                return (null, $"from: '{f}' is not a date (use 2026-11-01 or 2026-11-01T12:00:00Z).");
            }

            from = v;
        }

        if (q["to"].ToString() is { Length: > 0 } t)
        {
            if (!ApiQuery.TryParseDate(t, true, out var v))
            {
                return (null, $"to: '{t}' is not a date (use 2026-11-30 or 2026-11-30T12:00:00Z).");
            }

            to = v;
        }

        if (from > to)
        {
            return (null, "from must not be after to.");
        }

        var pageSize = 50;
        if (q["pageSize"].ToString() is { Length: > 0 } ps
            && (!int.TryParse(ps, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > ChangeQueryService.MaxPageSize))
        {
            return (null, $"pageSize must be a whole number from 1 to {ChangeQueryService.MaxPageSize}.");
        }

        var order = q["order"].ToString() is { Length: > 0 } o ? o.ToLowerInvariant() : "newest";
        if (order is not ("newest" or "oldest"))
        {
            return (null, "order must be newest or oldest.");
        }

        var sources = q["source"].Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (sources.Count > 20 || sources.Any(s => s.Length > 100))
        {
            return (null, "At most 20 source values, each at most 100 characters.");
        }

        Severity? severity = null;
        if (Optional(q, "severity")?.ToLowerInvariant() is { } severityWord)
        {
            if (!WireWords.TryParse<Severity>(severityWord, out var parsed))
            {
                return (null, $"severity must be one of {string.Join(", ", Severities)}.");
            }

            severity = parsed;
        }

        foreach (var (name, max) in new[] { ("jurisdiction", 16), ("topic", 64), ("story", 128), ("q", 200) })
        {
            if (Optional(q, name) is { } v && (v.Length > max || v.Any(char.IsControl)))
            {
                return (null, $"{name} may be at most {max} characters, without control characters.");
            }
        }

        return (new ChangeQuery
        {
            From = from,
            To = to,
            Sources = sources,
            Jurisdiction = Optional(q, "jurisdiction"),
            Topic = Optional(q, "topic"),
            Severity = severity,
            Story = Optional(q, "story"),
            Text = Optional(q, "q"),
            Order = order,
            PageSize = pageSize,
        }, null);
    }

    private static string? Optional(IQueryCollection q, string name) => q[name].ToString() is { Length: > 0 } v && v.Trim().Length > 0 ? v.Trim() : null;

    /// <summary>Streams an export: rows are written as the log is read, and counted for the access log.</summary>
    private sealed class ExportResult(ChangeQueryService queries, ChangeQuery query, ExportFormat format) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = 200;
            response.ContentType = ChangeExportWriter.ContentType(format);
            response.Headers.ContentDisposition = $"attachment; filename=\"changes.{(format == ExportFormat.Csv ? "csv" : "ndjson")}\"";
            response.Headers.CacheControl = "no-store";
            var rows = 0L;
            try
            {
                rows = await ChangeExportWriter.WriteAsync(response.BodyWriter, queries.StreamAsync(query, httpContext.RequestAborted), format, ApiJson.Options, httpContext.RequestAborted);
            }
            finally
            {
                httpContext.SetRows(rows);
            }
        }
    }

    /// <summary>The stored evidence bytes, unchanged, with the recorded hash in a header (and as an RFC 9530 Repr-Digest).</summary>
    private sealed class EvidenceResult(Stream content, string contentType, string sha256, long length) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            await using var body = content;
            var response = httpContext.Response;
            response.StatusCode = 200;
            response.ContentType = contentType;
            response.ContentLength = length;
            response.Headers[ContentSha256Header] = sha256;
            if (sha256.Length == 64 && sha256.All(char.IsAsciiHexDigit))
            {
                response.Headers["Repr-Digest"] = "sha-256=:" + Convert.ToBase64String(Convert.FromHexString(sha256)) + ":";
            }

            response.Headers["X-Content-Type-Options"] = "nosniff";
            response.Headers.ContentDisposition = "attachment; filename=\"evidence-" + new string([.. sha256.Where(char.IsAsciiLetterOrDigit).Take(16)]) + "\"";
            await body.CopyToAsync(response.Body, httpContext.RequestAborted);
        }
    }
}
