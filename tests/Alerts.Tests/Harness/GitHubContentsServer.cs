using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Alerts.Tests.Harness;

#pragma warning disable CA5350 // git names blobs and commits by SHA-1: this server plays git, it protects nothing.

/// <summary>
/// Plays GitHub's repository contents API (GET and PUT /api/v3/repos/{owner}/{repo}/contents/{path}, the GitHub
/// Enterprise form Octokit uses for a custom base address): files with git blob shas, 409 on a stale sha, 401 without the token.
/// </summary>
public sealed class GitHubContentsServer : IAsyncDisposable
{
    private readonly LocalServer _server;

    private GitHubContentsServer(LocalServer server, string owner, string repo, string token)
    {
        _server = server;
        Owner = owner;
        Repo = repo;
        Token = token;
    }

    public string Owner { get; }

    public string Repo { get; }

    public string Token { get; }

    public Uri BaseUri => _server.BaseUri;

    public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<ReceivedRequest> Requests => _server.Requests;

    public int Commits { get; private set; }

    public static async Task<GitHubContentsServer> StartAsync(string owner = "acme", string repo = "alerts-anchors", string token = "ghp_testtoken0123456789")
    {
        var server = await LocalServer.StartAsync();
        var github = new GitHubContentsServer(server, owner, repo, token);
        server.Handler = github.HandleAsync;
        return github;
    }

    public static string BlobSha(byte[] content)
    {
        var header = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
        return Convert.ToHexStringLower(SHA1.HashData([.. header, .. content]));
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var auth = ctx.Request.Headers.Authorization.ToString();
        if (!auth.EndsWith(" " + Token, StringComparison.Ordinal))
        {
            await LocalServer.Respond(ctx, """{"message":"Bad credentials"}""", status: 401);
            return;
        }

        var prefix = $"/api/v3/repos/{Owner}/{Repo}/contents/";
        var path = ctx.Request.Path.Value ?? "";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            await LocalServer.Respond(ctx, """{"message":"Not Found"}""", status: 404);
            return;
        }

        var file = Uri.UnescapeDataString(path[prefix.Length..]);
        if (ctx.Request.Method == "GET")
        {
            if (!Files.TryGetValue(file, out var content))
            {
                await LocalServer.Respond(ctx, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest/repos/contents#get-repository-content"}""", status: 404);
                return;
            }

            var b64 = Convert.ToBase64String(content);
            var wrapped = string.Join('\n', Enumerable.Range(0, (b64.Length + 59) / 60).Select(i => b64.Substring(i * 60, Math.Min(60, b64.Length - (i * 60))))) + "\n";
            await LocalServer.Respond(ctx, Describe(file, content, wrapped).ToJsonString());
            return;
        }

        if (ctx.Request.Method == "PUT")
        {
            // LocalServer has read and recorded the body already.
            var body = JsonNode.Parse(_server.Requests.Last().Body)!;
            var sha = body["sha"]?.GetValue<string>();
            Files.TryGetValue(file, out var existing);
            if (existing is not null && sha != BlobSha(existing))
            {
                await LocalServer.Respond(ctx, $$"""{"message":"{{file}} does not match {{sha}}"}""", status: 409);
                return;
            }

            if (existing is null && sha is not null)
            {
                await LocalServer.Respond(ctx, """{"message":"sha wasn't supplied correctly"}""", status: 422);
                return;
            }

            var content = Convert.FromBase64String(body["content"]!.GetValue<string>());
            Files[file] = content;
            Commits++;
            var commitSha = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(Commits + file)));
            var answer = new JsonObject
            {
                ["content"] = Describe(file, content, null),
                ["commit"] = new JsonObject { ["sha"] = commitSha, ["message"] = body["message"]?.GetValue<string>(), ["url"] = $"{BaseUri}api/v3/repos/{Owner}/{Repo}/git/commits/{commitSha}" },
            };
            await LocalServer.Respond(ctx, answer.ToJsonString(), status: existing is null ? 201 : 200);
            return;
        }

        await LocalServer.Respond(ctx, """{"message":"Not Found"}""", status: 404);
    }

    private JsonObject Describe(string file, byte[] content, string? encoded)
    {
        var o = new JsonObject
        {
            ["type"] = "file",
            ["size"] = content.Length,
            ["name"] = file.Split('/')[^1],
            ["path"] = file,
            ["sha"] = BlobSha(content),
            ["url"] = $"{BaseUri}api/v3/repos/{Owner}/{Repo}/contents/{file}",
            ["git_url"] = $"{BaseUri}api/v3/repos/{Owner}/{Repo}/git/blobs/{BlobSha(content)}",
            ["html_url"] = $"{BaseUri}{Owner}/{Repo}/blob/main/{file}",
            ["download_url"] = $"{BaseUri}raw/{Owner}/{Repo}/main/{file}",
        };
        if (encoded is not null)
        {
            o["encoding"] = "base64";
            o["content"] = encoded;
        }

        return o;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
