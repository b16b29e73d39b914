using System.Text.Json.Nodes;

namespace Alerts.Core.ChangeLog;

/// <summary>The change log's API (role auditor): queries, exports, the Atom feed, verification, one change, its evidence.</summary>
public static class ChangeLogRoutes
{
    private static readonly ApiParameter[] Filters =
    [
        new("from", "Detected at or after (date or date-time, UTC)."),
        new("to", "Detected at or before (date: the whole day)."),
        new("source", "Source id; repeat for several."),
        new("jurisdiction", "US, CN, EU, NL, JP, KR, TW, UK or other."),
        new("topic", "A topic of the taxonomy."),
        new("severity", "critical, high, medium, low or info.", Values: [.. WireWords.All<Severity>().Reverse()]),
        new("story", "Story id."),
        new("q", "Free text: every word must occur in the title or the summary (case-insensitive)."),
        new("order", "newest (default) or oldest.", Values: ["newest", "oldest"]),
        new("pageSize", "1 to 1000, default 50.", "integer"),
    ];

    private static readonly ApiSchema Change = ApiSchema.Of<ChangeRecord>("Change");

    private static readonly ApiSchema VerifyJobSchema = ApiSchema.Of<VerifyJob>("VerifyJob");

    public static readonly IReadOnlyList<ApiRoute> All =
    [
        ApiRoute.Get<ChangesApi>("changes", "ListChanges", Roles.Auditor,
            "Recorded changes with filters: JSON pages with signed continuation tokens, or a streamed NDJSON or CSV export.",
            (api, c, ct) => api.ListAsync(c.Request, ct)) with
        {
            Query =
            [
                .. Filters,
                new("format", "json (default, paged), ndjson or csv (RFC 4180; both stream every matching change).", Values: ["json", "ndjson", "csv"]),
                new("continuationToken", "From the previous JSON page; signed and bound to the same filters."),
            ],
            Ok = new("200", "A page of changes (json), or every matching change streamed (ndjson, csv).",
            [
                ("application/json", ApiSchema.Object(("items", ApiSchema.ArrayOf(Change)), ("continuationToken", ApiSchema.String())).Named("ChangePage")),
                ("application/x-ndjson", ApiSchema.Inline(new() { ["type"] = "string", ["description"] = "One Change object per line, with its diff and canonical (see GetChange)." })),
                ("text/csv", ApiSchema.Inline(new() { ["type"] = "string", ["description"] = "RFC 4180 with a header row; cells beginning with = + - @ are prefixed with '." })),
            ]),
        },
        ApiRoute.Get<ChangesApi>("changes.atom", "ChangesAtom", Roles.Auditor,
            "The newest changes as an Atom feed (key as bearer, or a per-key feedToken query parameter).",
            (api, c, ct) => api.AtomAsync(c.Request, ct)) with
        {
            AcceptsFeedToken = true,
            Query = [.. Filters, new(ApiHandlers.FeedTokenParameter, "The key's feed token, for feed readers that cannot send a bearer header.")],
            Ok = ApiResponse.Media("200", "An Atom 1.0 feed.", "application/atom+xml", new() { ["type"] = "string" }),
        },
        ApiRoute.Get<ChangesApi>("changes/verify", "VerifyChanges", Roles.Auditor,
            "A bounded check that answers at once: recomputes the hash chain of the newest entries (last, 1000 by default), " +
            "checks their evidence hashes and optionally the published anchors; names the first bad entry. The whole chain: POST (a job).",
            (api, c, ct) => api.VerifyAsync(c.Request, ct)) with
        {
            Query =
            [
                new("last", $"How many of the newest entries to check, 1 to {ChangesApi.MaxVerifyLast} (default {ChangesApi.DefaultVerifyLast}); " +
                    "they are linked to the stored hash of the entry before them.", "integer"),
                new("evidence", "Also check every evidence blob's SHA-256 (default true).", "boolean"),
                new("anchors", "Also compare the chain with every anchor published to GitHub (default false).", "boolean"),
            ],
            Ok = ApiResponse.Json("200", "The entries checked are intact (409 with the same body when they are not).", ApiSchema.Object(
                ("ok", ApiSchema.Boolean()),
                ("from", ApiSchema.Integer()),
                ("checked", ApiSchema.Integer()),
                ("headSequence", ApiSchema.Integer()),
                ("headHash", ApiSchema.String()),
                ("firstBadSequence", ApiSchema.Integer()),
                ("firstBadChangeId", ApiSchema.String()),
                ("problem", ApiSchema.String()),
                ("evidenceChecked", ApiSchema.Integer()),
                ("anchorsChecked", ApiSchema.Integer()),
                ("findings", ApiSchema.ArrayOf(ApiSchema.Of<VerifyFinding>())),
                ("lastAnchor", ApiSchema.Of<RecordedAnchor>()),
                ("message", ApiSchema.String())).Named("VerifyResult")),
        },
        ApiRoute.Post<ChangesApi>("changes/verify", "StartVerifyJob", Roles.Auditor,
            "Starts a full verification of the change log as a job (or joins the unfinished one with the same options); 202 with the job's status resource in Location.",
            (api, c, ct) => api.StartVerifyJobAsync(c, ct)) with
        {
            Query =
            [
                new("evidence", "Also check every evidence blob's SHA-256 (default true).", "boolean"),
                new("anchors", "Also compare the chain with every anchor published to GitHub (default false).", "boolean"),
            ],
            Ok = ApiResponse.Json("202", "Accepted: the job (queued, or the unfinished one joined); Location: /api/changes/verify/{jobId}.", VerifyJobSchema),
        },
        ApiRoute.Get<ChangesApi>("changes/verify/{jobId}", "GetVerifyJob", Roles.Auditor,
            "A verify job's status: queued, running (entries checked so far), succeeded (ok, counts, first bad sequence) or failed (error).",
            (api, c, ct) => api.VerifyJobAsync(ApiRoute.Value(c, "jobId"), c, ct)) with
        {
            Ok = ApiResponse.Json("200", "The job.", VerifyJobSchema),
        },
        ApiRoute.Get<ChangesApi>("changes/{id}", "GetChange", Roles.Auditor,
            "One change (by id or sequence) with its diff, story and evidence metadata.",
            (api, c, ct) => api.GetAsync(ApiRoute.Value(c), c, ct)) with
        {
            Ok = ApiResponse.Json("200", "The change with its diff, and canonical: the canonical JSON exactly as hashed (docs/verifying-the-log.md).", ApiSchema.Inline(new()
            {
                ["allOf"] = new JsonArray(
                    new JsonObject { ["$ref"] = "#/components/schemas/Change" },
                    new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject
                        {
                            ["canonical"] = new JsonObject { ["type"] = "string", ["description"] = "hash = SHA-256 of its UTF-8 bytes." },
                        },
                    }),
            })),
        },
        ApiRoute.Get<ChangesApi>("changes/{id}/evidence", "GetEvidence", Roles.Auditor,
            "The content fetched to detect a change, byte-for-byte, with its SHA-256.",
            (api, c, ct) => api.EvidenceAsync(ApiRoute.Value(c), c, ct)) with
        {
            Ok = ApiResponse.Media("200", "The stored content, byte-for-byte; header X-Content-SHA256 carries its recorded hash.", "application/octet-stream",
                new() { ["type"] = "string", ["format"] = "binary" }),
        },
    ];
}
