using System.Xml;

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

    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var (query, error) = ChangeQueryParameters.Parse(request.Query);
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

            return new ChangeExportResult(queries, query!, format == "csv" ? ExportFormat.Csv : ExportFormat.Ndjson);
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
        var (query, error) = ChangeQueryParameters.Parse(request.Query);
        if (error is not null)
        {
            return Problems.InvalidRequest(error);
        }

        var page = await queries.QueryAsync(query! with { Order = "newest" }, null, cancellationToken);
        request.HttpContext.SetRows(page.Items.Count);
        return Results.Bytes(await ChangeAtomFeed.WriteAsync(page.Items, options.Value.PublicBaseUrl.TrimEnd('/')), "application/atom+xml; charset=utf-8");
    }

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
}
