using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Alerts.Core.Api;

/// <summary>The OpenAPI 3.1 document, generated from <see cref="ApiRoutes.All"/> so that it cannot miss a route.</summary>
public static partial class OpenApiDocument
{
    private static readonly JsonArray ChangeFilters =
    [
        Param("from", "Detected at or after (date or date-time, UTC)."),
        Param("to", "Detected at or before (date: the whole day)."),
        Param("source", "Source id; repeat for several."),
        Param("jurisdiction", "US, CN, EU, NL, JP, KR, TW, UK or other."),
        Param("topic", "A topic of the taxonomy."),
        Param("severity", "critical, high, medium, low or info.", ["critical", "high", "medium", "low", "info"]),
        Param("story", "Story id."),
        Param("q", "Free text: every word must occur in the title or the summary (case-insensitive)."),
        Param("order", "newest (default) or oldest.", ["newest", "oldest"]),
        Param("pageSize", "1 to 1000, default 50.", type: "integer"),
    ];

    private static readonly Dictionary<string, JsonArray> QueryParameters = new(StringComparer.Ordinal)
    {
        ["ListChanges"] =
        [
            .. ChangeFilters.Select(p => p!.DeepClone()),
            Param("format", "json (default, paged), ndjson or csv (RFC 4180; both stream every matching change).", ["json", "ndjson", "csv"]),
            Param("continuationToken", "From the previous JSON page; signed and bound to the same filters."),
        ],
        ["ChangesAtom"] =
        [
            .. ChangeFilters.Select(p => p!.DeepClone()),
            Param("feedToken", "The key's feed token, for feed readers that cannot send a bearer header."),
        ],
        ["VerifyChanges"] =
        [
            Param("evidence", "Also check every evidence blob's SHA-256 (default true).", type: "boolean"),
            Param("anchors", "Also compare the chain with every anchor published to GitHub (default false).", type: "boolean"),
        ],
        ["ListAccessLog"] =
        [
            Param("from", "At or after (default: 30 days ago)."),
            Param("to", "At or before (default: now)."),
            Param("key", "Only this key id."),
            Param("limit", "1 to 1000, default 100.", type: "integer"),
        ],
    };

    /// <summary>Per route: status, description, media type and schema of its successful response.</summary>
    private static readonly Dictionary<string, (string Status, string Description, (string Media, JsonNode Schema)[] Content)> Success = new(StringComparer.Ordinal)
    {
        ["Health"] = ("200", "Healthy or degraded.", [("application/json", Obj(new() { ["status"] = Str(), ["storage"] = Str() }))]),
        ["OpenApi"] = ("200", "This document.", [("application/json", new JsonObject { ["type"] = "object" })]),
        ["ListChanges"] = ("200", "A page of changes (json), or every matching change streamed (ndjson, csv).",
        [
            ("application/json", Ref("ChangePage")),
            ("application/x-ndjson", new JsonObject { ["type"] = "string", ["description"] = "One Change object per line, with its diff and canonical." }),
            ("text/csv", new JsonObject { ["type"] = "string", ["description"] = "RFC 4180 with a header row; cells beginning with = + - @ are prefixed with '." }),
        ]),
        ["ChangesAtom"] = ("200", "An Atom 1.0 feed.", [("application/atom+xml", Str())]),
        ["VerifyChanges"] = ("200", "The log is intact (409 with the same body when it is not).", [("application/json", Ref("VerifyResult"))]),
        ["GetChange"] = ("200", "The change with its diff.", [("application/json", Ref("Change"))]),
        ["GetEvidence"] = ("200", "The stored content, byte-for-byte; header X-Content-SHA256 carries its recorded hash.", [("application/octet-stream", new JsonObject { ["type"] = "string", ["format"] = "binary" })]),
        ["CreateKey"] = ("201", "The new key; key and feedToken appear in this response only.", [("application/json", Ref("ApiKey"))]),
        ["ListKeys"] = ("200", "Every key without its secret.", [("application/json", Obj(new() { ["items"] = Arr(Ref("ApiKey")) }))]),
        ["RevokeKey"] = ("200", "The revoked key.", [("application/json", Ref("ApiKey"))]),
        ["ListAccessLog"] = ("200", "Access log entries, newest first.", [("application/json", Obj(new() { ["items"] = Arr(Ref("AccessLogEntry")) }))]),
        ["ListSources"] = ("200", "Every source with its health.", [("application/json", Obj(new()
        {
            ["items"] = Arr(Obj(new()
            {
                ["id"] = Str(), ["kind"] = Str(), ["enabled"] = new JsonObject { ["type"] = "boolean" }, ["lastAttemptAt"] = Str(), ["lastSuccessAt"] = Str(),
                ["consecutiveFailures"] = new JsonObject { ["type"] = "integer" }, ["lastError"] = Str(), ["nextDueAt"] = Str(),
            })),
        }))]),
        ["Subscribe"] = ("202", "Accepted, whether or not the address is known (no enumeration); a confirmation e-mail follows.", [("application/json", Obj(new() { ["status"] = Str(), ["message"] = Str() }))]),
        ["ConfirmSubscription"] = ("303", "Confirmed: See Other to the preferences page (/api/app/preferences.html), the preferences token in the fragment. A used or expired link answers 400, or 303 to the same page for a browser.", []),
        ["UnsubscribePage"] = ("303", "See Other to the preferences page (/api/app/preferences.html) with its Unsubscribe button in focus; a GET never unsubscribes. An invalid link answers 400, or 303 to the same page for a browser.", []),
        ["Unsubscribe"] = ("200", "Unsubscribed (RFC 8058 one-click).", [("text/html", Str())]),
        ["DeleteSubscription"] = ("200", "The subscriber's data is erased.", [("text/html", Str())]),
        ["DeleteSubscriptionForm"] = ("200", "The subscriber's data is erased.", [("text/html", Str())]),
        ["GetPreferences"] = ("200", "The subscriber's address, state and preferences.", [("application/json", Obj(new() { ["email"] = Str(), ["state"] = Str(), ["preferences"] = new JsonObject { ["type"] = "object" } }))]),
        ["UpdatePreferences"] = ("200", "The updated preferences.", [("application/json", Obj(new() { ["email"] = Str(), ["state"] = Str(), ["preferences"] = new JsonObject { ["type"] = "object" } }))]),
        ["SendGridEvents"] = ("200", "Events received and applied.", [("application/json", Obj(new() { ["received"] = new JsonObject { ["type"] = "integer" }, ["applied"] = new JsonObject { ["type"] = "integer" } }))]),
        ["CreateWebhook"] = ("201", "The endpoint, with its signing secret (shown in this response only).", [("application/json", Webhook())]),
        ["ListWebhooks"] = ("200", "The team's endpoints (no secrets).", [("application/json", Obj(new() { ["items"] = Arr(Webhook()) }))]),
        ["GetWebhook"] = ("200", "One endpoint (no secret).", [("application/json", Webhook())]),
        ["UpdateWebhook"] = ("200", "The updated endpoint.", [("application/json", Webhook())]),
        ["DeleteWebhook"] = ("200", "Deleted.", [("application/json", Obj(new() { ["id"] = Str(), ["deleted"] = new JsonObject { ["type"] = "boolean" } }))]),
        ["RotateWebhookSecret"] = ("200", "The new secret (shown in this response only) and until when the previous one also signs.", [("application/json", new JsonObject { ["type"] = "object" })]),
        ["TestWebhook"] = ("200", "What the endpoint answered to a signed ping: status, time, body excerpt, success.", [("application/json", new JsonObject { ["type"] = "object" })]),
        ["ListWebhookDeliveries"] = ("200", "Delivery attempts, newest first.", [("application/json", Obj(new() { ["items"] = Arr(new JsonObject { ["type"] = "object" }) }))]),
        ["RedeliverWebhook"] = ("202", "Queued again with the same webhook-id.", [("application/json", Obj(new() { ["deliveryId"] = Str(), ["webhookId"] = Str(), ["status"] = Str() }))]),
        ["CreateGitHubTarget"] = ("201", "The GitHub target.", [("application/json", new JsonObject { ["type"] = "object" })]),
        ["ListGitHubTargets"] = ("200", "The team's GitHub targets.", [("application/json", Obj(new() { ["items"] = Arr(new JsonObject { ["type"] = "object" }) }))]),
        ["DeleteGitHubTarget"] = ("200", "Deleted.", [("application/json", Obj(new() { ["id"] = Str(), ["deleted"] = new JsonObject { ["type"] = "boolean" } }))]),
        ["AddSource"] = ("201", "The added source.", [("application/json", Obj(new() { ["id"] = Str(), ["kind"] = Str(), ["defaultBaseUrl"] = Str(), ["settings"] = new JsonObject { ["type"] = "object" } }))]),
        ["RemoveSource"] = ("200", "Removed.", [("application/json", Obj(new() { ["id"] = Str(), ["removed"] = new JsonObject { ["type"] = "boolean" } }))]),
        ["PollSource"] = ("202", "The poll is on the queue.", [("application/json", Obj(new() { ["sourceId"] = Str(), ["queued"] = new JsonObject { ["type"] = "boolean" } }))]),
    };

    private static JsonObject Webhook() => Obj(new()
    {
        ["id"] = Str(),
        ["url"] = Str(),
        ["format"] = Str(),
        ["description"] = Str(),
        ["enabled"] = new JsonObject { ["type"] = "boolean" },
        ["filters"] = new JsonObject { ["type"] = "object" },
    });

    public static JsonObject Build()
    {
        var paths = new JsonObject();
        foreach (var group in ApiRoutes.All.GroupBy(r => "/api/" + r.Route))
        {
            var item = new JsonObject();
            foreach (var r in group)
            {
                var parameters = new JsonArray();
                foreach (Match m in PathParam().Matches(r.Route))
                {
                    parameters.Add(new JsonObject { ["name"] = m.Groups[1].Value, ["in"] = "path", ["required"] = true, ["schema"] = Str() });
                }

                if (QueryParameters.TryGetValue(r.Name, out var qp))
                {
                    foreach (var p in qp)
                    {
                        parameters.Add(p!.DeepClone());
                    }
                }

                var responses = new JsonObject();
                if (Success.TryGetValue(r.Name, out var ok))
                {
                    var content = new JsonObject();
                    foreach (var (media, schema) in ok.Content)
                    {
                        content[media] = new JsonObject { ["schema"] = schema.DeepClone() };
                    }

                    responses[ok.Status] = content.Count == 0
                        ? new JsonObject { ["description"] = ok.Description }
                        : new JsonObject { ["description"] = ok.Description, ["content"] = content };
                }
                else
                {
                    responses["200"] = new JsonObject { ["description"] = "OK" };
                }

                if (r.Role is not null)
                {
                    responses["401"] = ProblemResponse("No key, or a wrong, revoked or expired key.");
                    responses["403"] = ProblemResponse("The key's role may not call this endpoint.");
                }

                responses["default"] = ProblemResponse("A problem (RFC 9457).");
                var op = new JsonObject
                {
                    ["operationId"] = r.Name,
                    ["summary"] = r.Summary,
                    ["parameters"] = parameters,
                    ["responses"] = responses,
                };
                if (r.Name == "CreateKey")
                {
                    op["requestBody"] = new JsonObject
                    {
                        ["required"] = true,
                        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref("CreateKeyRequest") } },
                    };
                }

                op["security"] = r.Role is null ? new JsonArray() : new JsonArray(new JsonObject { ["bearer"] = new JsonArray(r.Role) });
                item[r.Method.ToLowerInvariant()] = op;
            }

            paths[group.Key] = item;
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = "Export-policy alerts", ["version"] = "1.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject
                    {
                        ["type"] = "http",
                        ["scheme"] = "bearer",
                        ["description"] = "An API key (epa_...) with role admin, auditor or team. Admin passes every role check.",
                    },
                },
                ["schemas"] = Schemas(),
            },
        };
    }

    public static IResult Get() => Results.Text(Build().ToJsonString(), "application/json");

    private static JsonObject Schemas()
    {
        var evidence = Obj(new()
        {
            ["url"] = Str(),
            ["fetchedAt"] = Str("date-time"),
            ["status"] = Int(),
            ["eTag"] = Str(),
            ["lastModified"] = Str(),
            ["contentType"] = Str(),
            ["contentSha256"] = Str(),
            ["contentLength"] = Int(),
        });
        return new JsonObject
        {
            ["Problem"] = Obj(new() { ["type"] = Str(), ["title"] = Str(), ["status"] = Int(), ["detail"] = Str() }),
            ["FieldChange"] = Obj(new() { ["field"] = Str(), ["before"] = Str(), ["after"] = Str() }),
            ["Evidence"] = evidence,
            ["Change"] = Obj(new()
            {
                ["id"] = Str(),
                ["sequence"] = Int(),
                ["sourceId"] = Str(),
                ["itemKey"] = Str(),
                ["changeType"] = Str(),
                ["title"] = Str(),
                ["url"] = Str(),
                ["publishedAt"] = Str("date-time"),
                ["detectedAt"] = Str("date-time"),
                ["documentType"] = Str(),
                ["official"] = new JsonObject { ["type"] = "boolean" },
                ["jurisdiction"] = Str(),
                ["topics"] = Arr(Str()),
                ["severity"] = Str(),
                ["relevance"] = new JsonObject { ["type"] = "number" },
                ["matched"] = Arr(Str()),
                ["summary"] = Str(),
                ["description"] = Str(),
                ["storyId"] = Str(),
                ["previousChangeId"] = Str(),
                ["references"] = Arr(Str()),
                ["contentVersion"] = Str(),
                ["previousContentVersion"] = Str(),
                ["diff"] = Arr(Ref("FieldChange")),
                ["evidence"] = Ref("Evidence"),
                ["previousHash"] = Str(),
                ["hash"] = Str(),
                ["canonical"] = new JsonObject { ["type"] = "string", ["description"] = "NDJSON lines and GET /api/changes/{id} only: the canonical JSON exactly as hashed (hash = SHA-256 of its UTF-8 bytes); see docs/verifying-the-log.md." },
            }),
            ["ChangePage"] = Obj(new() { ["items"] = Arr(Ref("Change")), ["continuationToken"] = Str() }),
            ["VerifyFinding"] = Obj(new() { ["kind"] = Str(), ["sequence"] = Int(), ["changeId"] = Str(), ["problem"] = Str() }),
            ["RecordedAnchor"] = Obj(new()
            {
                ["sequence"] = Int(),
                ["hash"] = Str(),
                ["at"] = Str("date-time"),
                ["repository"] = Str(),
                ["path"] = Str(),
                ["commitSha"] = Str(),
            }),
            ["VerifyResult"] = Obj(new()
            {
                ["ok"] = new JsonObject { ["type"] = "boolean" },
                ["checked"] = Int(),
                ["headSequence"] = Int(),
                ["headHash"] = Str(),
                ["firstBadSequence"] = Int(),
                ["firstBadChangeId"] = Str(),
                ["problem"] = Str(),
                ["evidenceChecked"] = Int(),
                ["anchorsChecked"] = Int(),
                ["findings"] = Arr(Ref("VerifyFinding")),
                ["lastAnchor"] = new JsonObject
                {
                    ["$ref"] = "#/components/schemas/RecordedAnchor",
                    ["description"] = "The newest anchor recorded in storage when it was published (absent when none yet); read from storage, not checked against GitHub unless anchors=true.",
                },
                ["message"] = Str(),
            }),
            ["CreateKeyRequest"] = new JsonObject
            {
                ["type"] = "object",
                ["required"] = new JsonArray("name", "role"),
                ["properties"] = new JsonObject
                {
                    ["name"] = Str(),
                    ["role"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(Roles.All.Select(r => (JsonNode)r).ToArray()) },
                    ["team"] = Str(),
                    ["expiresAt"] = Str("date-time"),
                },
            },
            ["ApiKey"] = Obj(new()
            {
                ["id"] = Str(),
                ["name"] = Str(),
                ["role"] = Str(),
                ["team"] = Str(),
                ["createdAt"] = Str("date-time"),
                ["expiresAt"] = Str("date-time"),
                ["revokedAt"] = Str("date-time"),
                ["status"] = Str(),
                ["prefix"] = Str(),
                ["key"] = Str(),
                ["feedToken"] = Str(),
            }),
            ["AccessLogEntry"] = Obj(new()
            {
                ["at"] = Str("date-time"),
                ["keyId"] = Str(),
                ["keyName"] = Str(),
                ["role"] = Str(),
                ["teamId"] = Str(),
                ["method"] = Str(),
                ["route"] = Str(),
                ["path"] = Str(),
                ["query"] = Str(),
                ["status"] = Int(),
                ["rows"] = Int(),
            }),
        };
    }

    private static JsonObject ProblemResponse(string description) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = Ref("Problem") } },
    };

    private static JsonObject Obj(Dictionary<string, JsonNode> properties)
    {
        var props = new JsonObject();
        foreach (var (k, v) in properties)
        {
            props[k] = v;
        }

        return new JsonObject { ["type"] = "object", ["properties"] = props };
    }

    private static JsonObject Str(string? format = null) => format is null ? new() { ["type"] = "string" } : new() { ["type"] = "string", ["format"] = format };

    private static JsonObject Int() => new() { ["type"] = "integer" };

    private static JsonObject Arr(JsonNode items) => new() { ["type"] = "array", ["items"] = items };

    private static JsonObject Ref(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

    private static JsonObject Param(string name, string description, string[]? values = null, string type = "string")
    {
        var schema = new JsonObject { ["type"] = type };
        if (values is not null)
        {
            schema["enum"] = new JsonArray(values.Select(v => (JsonNode)v).ToArray());
        }

        return new() { ["name"] = name, ["in"] = "query", ["required"] = false, ["description"] = description, ["schema"] = schema };
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex PathParam();
}
