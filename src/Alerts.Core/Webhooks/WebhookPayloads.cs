using System.Text.Json.Nodes;
using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;

namespace Alerts.Core.Webhooks;

/// <summary>What a webhook says about a change: the same facts in each format, the body always under <see cref="MaxBytes"/>.</summary>
public static class WebhookPayloads
{
    public const string ChangeEventType = "policy.change";
    /// <summary>The event type of a watchlist match (its data also carries <c>watchlistMatch</c>).</summary>
    public const string WatchlistMatchEventType = "watchlist.match";
    public const string PingEventType = "webhook.ping";
    public const int MaxBytes = 20 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Link to the full change in this service's API.</summary>
    public static string ChangeLink(string publicBaseUrl, string changeId) =>
        publicBaseUrl.TrimEnd('/') + "/api/changes/" + Uri.EscapeDataString(changeId);

    /// <summary>
    /// The body for a change in the endpoint's format. A reminder or a watchlist match links the change of the log it is
    /// about; a watchlist match (<paramref name="match"/>) is typed <see cref="WatchlistMatchEventType"/> and carries the explanation.
    /// </summary>
    public static byte[] ForChange(string format, ChangeRecord change, string publicBaseUrl, MatchAlert? match = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        var link = ChangeLink(publicBaseUrl, DeliveryChanges.LoggedChangeId(change));
        // Shrink the free text until the body fits: the link always carries the rest.
        foreach (var limit in new[] { 4000, 1500, 500, 0 })
        {
            var c = change with
            {
                Description = Cut(change.Description, limit),
                Summary = Cut(change.Summary, Math.Max(limit, 300)),
                Title = Cut(change.Title, 500)!,
                Matched = [.. change.Matched.Take(limit == 0 ? 10 : 50).Select(m => Cut(m, 200)!)],
                Topics = [.. change.Topics.Take(30)],
            };
            var body = format switch
            {
                WebhookFormats.Slack => Slack(c, link),
                WebhookFormats.Teams => Teams(c, link),
                _ => Standard(c, link, match),
            };
            if (body.Length <= MaxBytes)
            {
                return body;
            }
        }

        throw new InvalidOperationException($"The webhook body for change {change.Id} does not fit in {MaxBytes} bytes.");
    }

    /// <summary>The test ping (Standard Webhooks shape in every format, with a human text for Slack and Teams).</summary>
    public static byte[] Ping(string format, string endpointId, DateTimeOffset now)
    {
        const string text = "Test message from export-policy alerts: this endpoint is registered and signed deliveries reach it.";
        JsonNode node = format switch
        {
            WebhookFormats.Slack => new JsonObject { ["text"] = text },
            WebhookFormats.Teams => new JsonObject
            {
                ["@type"] = "MessageCard",
                ["@context"] = "https://schema.org/extensions",
                ["summary"] = "Webhook test",
                ["text"] = text,
            },
            _ => new JsonObject
            {
                ["type"] = PingEventType,
                ["timestamp"] = now.UtcDateTime.ToString("O"),
                ["data"] = new JsonObject { ["endpointId"] = endpointId, ["message"] = text },
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(node, Json);
    }

    private static byte[] Standard(ChangeRecord c, string link, MatchAlert? match) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        type = match is null ? ChangeEventType : WatchlistMatchEventType,
        timestamp = c.DetectedAt.UtcDateTime,
        data = new
        {
            id = c.Id,
            changeId = DeliveryChanges.LoggedChangeId(c),
            sequence = c.Sequence,
            sourceId = c.SourceId,
            itemKey = c.ItemKey,
            changeType = c.ChangeType,
            title = c.Title,
            url = c.Url,
            publishedAt = c.PublishedAt,
            detectedAt = c.DetectedAt,
            documentType = c.DocumentType,
            official = c.Official,
            jurisdiction = c.Jurisdiction,
            topics = c.Topics,
            severity = c.Severity,
            relevance = c.Relevance,
            matched = c.Matched,
            summary = c.Summary,
            description = c.Description,
            storyId = c.StoryId,
            hash = c.Hash,
            link,
            watchlistMatch = match is null ? null : new
            {
                watchlistId = match.WatchlistId,
                watchlistName = match.WatchlistName,
                entryType = match.EntryType,
                entryValue = Cut(match.EntryValue, 300),
                list = match.List,
                matchedName = Cut(match.MatchedName, 300),
                score = Math.Round(match.Score, 3),
                tokens = match.Tokens.Take(20).Select(t => Cut(t, 100)),
                method = match.Method,
                country = match.Country,
                explanation = Cut(match.Explanation(), 1000),
            },
        },
    }, Json);

    private static string Headline(ChangeRecord c) => $"[{c.Severity.ToWire().ToUpperInvariant()}] {c.Title}";

    private static string Facts(ChangeRecord c) =>
        $"{c.Jurisdiction} · {string.Join(", ", c.Topics)} · {c.ChangeType.ToWire()} · source {c.SourceId}";

    private static byte[] Slack(ChangeRecord c, string link)
    {
        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Cut(Headline(c), 150) },
            },
            new JsonObject
            {
                ["type"] = "section",
                ["fields"] = new JsonArray
                {
                    Field("Severity", c.Severity.ToWire()),
                    Field("Jurisdiction", c.Jurisdiction),
                    Field("Topics", c.Topics.Count > 0 ? string.Join(", ", c.Topics) : "none"),
                    Field("Change", c.ChangeType.ToWire()),
                },
            },
        };
        if ((c.Summary ?? c.Description) is { Length: > 0 } text)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Cut(Escape(text), 2900) },
            });
        }

        var links = $"<{link}|Full change {c.Id}>" + (c.Url is { Length: > 0 } u ? $" · <{u}|Source document>" : "");
        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray { new JsonObject { ["type"] = "mrkdwn", ["text"] = links } },
        });
        var node = new JsonObject
        {
            ["text"] = $"{Headline(c)} ({Facts(c)}) {link}",
            ["blocks"] = blocks,
        };
        return JsonSerializer.SerializeToUtf8Bytes(node, Json);

        static JsonObject Field(string name, string value) => new() { ["type"] = "mrkdwn", ["text"] = $"*{name}*\n{Escape(value)}" };
    }

    private static byte[] Teams(ChangeRecord c, string link)
    {
        var actions = new JsonArray
        {
            new JsonObject
            {
                ["@type"] = "OpenUri",
                ["name"] = "Full change",
                ["targets"] = new JsonArray { new JsonObject { ["os"] = "default", ["uri"] = link } },
            },
        };
        if (c.Url is { Length: > 0 } u)
        {
            actions.Add(new JsonObject
            {
                ["@type"] = "OpenUri",
                ["name"] = "Source document",
                ["targets"] = new JsonArray { new JsonObject { ["os"] = "default", ["uri"] = u } },
            });
        }

        var node = new JsonObject
        {
            ["@type"] = "MessageCard",
            ["@context"] = "https://schema.org/extensions",
            ["summary"] = Cut(Headline(c), 200),
            ["themeColor"] = c.Severity switch { Severity.Critical => "B00020", Severity.High => "E65100", Severity.Medium => "F9A825", _ => "607D8B" },
            ["title"] = Headline(c),
            ["sections"] = new JsonArray
            {
                new JsonObject
                {
                    ["facts"] = new JsonArray
                    {
                        Fact("Severity", c.Severity.ToWire()),
                        Fact("Jurisdiction", c.Jurisdiction),
                        Fact("Topics", c.Topics.Count > 0 ? string.Join(", ", c.Topics) : "none"),
                        Fact("Change", c.ChangeType.ToWire()),
                        Fact("Source", c.SourceId),
                        Fact("Change id", c.Id),
                    },
                    ["text"] = c.Summary ?? c.Description ?? "",
                },
            },
            ["potentialAction"] = actions,
        };
        return JsonSerializer.SerializeToUtf8Bytes(node, Json);

        static JsonObject Fact(string name, string value) => new() { ["name"] = name, ["value"] = value };
    }

    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string? Cut(string? s, int max) => s is null ? null : max <= 0 ? null : s.Length <= max ? s : s[..(max - 1)] + "…";
}
