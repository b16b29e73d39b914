using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Alerts.Tests.Harness;

/// <summary>
/// A local server speaking the part of GitHub's REST API the issues channel uses (GitHub Enterprise paths under /api/v3):
/// create and list issues, get one, comment. Rate-limit answers are queued by the test.
/// </summary>
public sealed partial class FakeGitHub : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, JsonObject> _issues = new();
    private int _next;
    private int _nextComment;
    private readonly TaskCompletionSource _createReached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeGitHub(LocalServer server) => Server = server;

    public LocalServer Server { get; }

    /// <summary>Issues by number with their comments.</summary>
    public ConcurrentDictionary<int, List<string>> Comments { get; } = new();

    public IReadOnlyCollection<JsonObject> Issues => [.. _issues.Values];

    /// <summary>Answers to give before the normal ones (status, headers, body), one per request.</summary>
    public ConcurrentQueue<(int Status, Dictionary<string, string> Headers, string Body)> Interruptions { get; } = new();

    /// <summary>When set, an issue create waits for this task before the issue exists (the test completes it, to make two deliveries overlap).</summary>
    public Task? CreateGate { get; set; }

    /// <summary>Completes when the first issue create has arrived.</summary>
    public Task CreateReached => _createReached.Task;

    /// <summary>Runs once an issue is created, before the answer is sent (to play a worker that dies right then).</summary>
    public Action<int>? AfterCreate { get; set; }

    public static async Task<FakeGitHub> StartAsync()
    {
        FakeGitHub? fake = null;
        var server = await LocalServer.StartAsync(ctx => fake!.HandleAsync(ctx));
        fake = new FakeGitHub(server);
        return fake;
    }

    /// <summary>Adds an issue as if opened earlier (by another install).</summary>
    public int Seed(string title, string body, params string[] labels)
    {
        var n = Interlocked.Increment(ref _next);
        _issues[n] = Issue(n, title, body, labels);
        Comments[n] = [];
        return n;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        if (Interruptions.TryDequeue(out var i))
        {
            foreach (var (k, v) in i.Headers)
            {
                ctx.Response.Headers[k] = v;
            }

            await LocalServer.Respond(ctx, i.Body, status: i.Status);
            return;
        }

        var path = ctx.Request.Path.Value ?? "";
        var request = Server.Requests.Last(r => r.PathAndQuery.StartsWith(path, StringComparison.Ordinal));
        var m = IssuesPath().Match(path);
        if (!m.Success)
        {
            await LocalServer.Respond(ctx, "{\"message\":\"Not Found\"}", status: 404);
            return;
        }

        var number = m.Groups["n"].Success ? int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) : 0;
        var comments = m.Groups["c"].Success;
        switch (ctx.Request.Method, number, comments)
        {
            case ("POST", 0, false):
                {
                    var input = JsonNode.Parse(request.Body)!.AsObject();
                    _createReached.TrySetResult();
                    if (CreateGate is { } gate)
                    {
                        await gate;
                    }

                    var n = Interlocked.Increment(ref _next);
                    var labels = input["labels"]?.AsArray().Select(l => l!.GetValue<string>()).ToArray() ?? [];
                    Comments[n] = [];
                    _issues[n] = Issue(n, input["title"]!.GetValue<string>(), input["body"]?.GetValue<string>() ?? "", labels);
                    AfterCreate?.Invoke(n);
                    await LocalServer.Respond(ctx, _issues[n].ToJsonString(), status: 201);
                    return;
                }

            case ("GET", 0, false):
                {
                    var wanted = ctx.Request.Query["labels"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
                    var list = new JsonArray();
                    foreach (var issue in _issues.Values.OrderByDescending(x => x["number"]!.GetValue<int>()))
                    {
                        var names = issue["labels"]!.AsArray().Select(l => l!["name"]!.GetValue<string>()).ToHashSet();
                        if (wanted.All(names.Contains))
                        {
                            list.Add(issue.DeepClone());
                        }
                    }

                    await LocalServer.Respond(ctx, list.ToJsonString());
                    return;
                }

            case ("GET", > 0, false) when _issues.TryGetValue(number, out var issue):
                await LocalServer.Respond(ctx, issue.ToJsonString());
                return;

            case ("GET", > 0, true) when _issues.ContainsKey(number):
                {
                    var list = new JsonArray();
                    lock (Comments[number])
                    {
                        for (var c = 0; c < Comments[number].Count; c++)
                        {
                            list.Add(Comment(c + 1, number, Comments[number][c]));
                        }
                    }

                    await LocalServer.Respond(ctx, list.ToJsonString());
                    return;
                }

            case ("POST", > 0, true) when _issues.ContainsKey(number):
                {
                    var text = JsonNode.Parse(request.Body)!["body"]!.GetValue<string>();
                    lock (Comments[number])
                    {
                        Comments[number].Add(text);
                    }

                    var id = Interlocked.Increment(ref _nextComment);
                    await LocalServer.Respond(ctx, Comment(id, number, text).ToJsonString(), status: 201);
                    return;
                }

            default:
                await LocalServer.Respond(ctx, "{\"message\":\"Not Found\"}", status: 404);
                return;
        }
    }

    private JsonObject Comment(int id, int number, string text) => new()
    {
        ["id"] = id,
        ["node_id"] = "IC_" + id,
        ["body"] = text,
        ["url"] = $"{Server.BaseUri}api/v3/repos/acme/compliance/issues/comments/{id}",
        ["html_url"] = $"https://github.example/acme/compliance/issues/{number}#issuecomment-{id}",
        ["created_at"] = "2026-11-28T12:00:00Z",
        ["updated_at"] = "2026-11-28T12:00:00Z",
        ["user"] = new JsonObject { ["login"] = "alerts-bot", ["id"] = 1 },
    };

    private JsonObject Issue(int n, string title, string body, string[] labels) => new()
    {
        ["id"] = 1000 + n,
        ["node_id"] = "I_" + n,
        ["number"] = n,
        ["title"] = title,
        ["body"] = body,
        ["state"] = "open",
        ["url"] = $"{Server.BaseUri}api/v3/repos/acme/compliance/issues/{n}",
        ["html_url"] = $"https://github.example/acme/compliance/issues/{n}",
        ["labels"] = new JsonArray([.. labels.Select((l, i) => (JsonNode)new JsonObject { ["id"] = i + 1, ["name"] = l, ["color"] = "ededed" })]),
        ["user"] = new JsonObject { ["login"] = "alerts-bot", ["id"] = 1 },
        ["comments"] = 0,
        ["created_at"] = "2026-11-28T12:00:00Z",
        ["updated_at"] = "2026-11-28T12:00:00Z",
    };

    [GeneratedRegex("^/api/v3/repos/acme/compliance/issues(?:/(?<n>[0-9]+)(?<c>/comments)?)?$")]
    private static partial Regex IssuesPath();

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    public static string Json(object o) => JsonSerializer.Serialize(o);
}
