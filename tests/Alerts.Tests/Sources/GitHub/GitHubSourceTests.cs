using System.Text.Json.Nodes;
using Alerts.Core.Polling;

namespace Alerts.Tests.Sources.GitHub;

public sealed class GitHubSourceTests
{
    private const string Id = "github-policy-repo";

    /// <summary>A real release object (octokit/fixtures, GET /repos/{owner}/{repo}/releases/tags/v1.0.0).</summary>
    private static JsonObject RecordedRelease()
    {
        var scenario = JsonNode.Parse(File.ReadAllText(OfficialSupport.Corpus("github-api", "octokit-release-assets-raw.json")))!.AsArray();
        return scenario
            .Single(s => s!["method"]!.GetValue<string>() == "get" && s["path"]!.GetValue<string>().EndsWith("/releases/tags/v1.0.0", StringComparison.Ordinal))!["response"]!
            .DeepClone()
            .AsObject();
    }

    private static JsonObject Release(string tag, string name, string body)
    {
        var r = RecordedRelease();
        r["tag_name"] = tag;
        r["name"] = name;
        r["body"] = body;
        r["html_url"] = "https://github.com/acme/policy-data/releases/tag/" + tag;
        return r;
    }

    private static JsonObject Commit(string sha, string message) => new()
    {
        ["sha"] = sha,
        ["url"] = "https://api.github.com/repos/acme/policy-data/commits/" + sha,
        ["html_url"] = "https://github.com/acme/policy-data/commit/" + sha,
        ["commit"] = new JsonObject
        {
            ["message"] = message,
            ["author"] = new JsonObject { ["name"] = "Ops", ["email"] = "ops@example.org", ["date"] = "2025-01-16T10:00:00Z" },
            ["committer"] = new JsonObject { ["name"] = "Ops", ["email"] = "ops@example.org", ["date"] = "2025-01-16T10:00:00Z" },
        },
    };

    private static Task<TestServices> Services(LocalServer server, string watch = "releases") =>
        TestServices.CreateAsync(TestServices.PointAt(Id, server.BaseUri, new Dictionary<string, string?>
        {
            [$"Alerts:Sources:{Id}:Enabled"] = "true",
            [$"Alerts:Sources:{Id}:Settings:repository"] = "acme/policy-data",
            [$"Alerts:Sources:{Id}:Settings:watch"] = watch,
            [$"Alerts:Sources:{Id}:Settings:path"] = "data/entity-list.csv",
        }));

    [Fact]
    public async Task New_and_edited_releases_are_recorded_after_a_silent_baseline_through_Octokit()
    {
        var releases = new JsonArray(RecordedRelease());
        await using var server = await LocalServer.StartAsync(ctx => ctx.Request.Path == "/api/v3/repos/acme/policy-data/releases"
            ? LocalServer.Respond(ctx, releases.ToJsonString())
            : Task.Run(() => ctx.Response.StatusCode = 404));
        await using var t = await Services(server);
        var poller = t.Get<PollService>();
        var first = await poller.PollAsync(Id);
        Assert.True(first.Ok, first.Error);
        Assert.True(first.Baseline);

        releases = new JsonArray(Release("v1.1.0", "Version 1.1.0", "Adds 12 Entity List entries"), Release("v1.0.0", "Version 1.0.0", "Initial release, corrected"));
        var second = await poller.PollAsync(Id);

        Assert.True(second.Ok, second.Error);
        var byKey = second.Recorded.ToDictionary(c => c.ItemKey);
        Assert.Equal(ChangeType.Added, byKey["v1.1.0"].ChangeType);
        Assert.Equal("Release", byKey["v1.1.0"].DocumentType);
        Assert.Equal(ChangeType.Modified, byKey["v1.0.0"].ChangeType);
        Assert.Contains(byKey["v1.0.0"].Diff, d => d.Field == "body" && d.Before == "Initial release" && d.After == "Initial release, corrected");
        Assert.All(server.Requests, r => Assert.StartsWith("/api/v3/repos/acme/policy-data/releases", r.PathAndQuery, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Commits_that_touch_the_watched_path_are_recorded()
    {
        var commits = new JsonArray(Commit("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "Initial list"));
        await using var server = await LocalServer.StartAsync(ctx => ctx.Request.Path == "/api/v3/repos/acme/policy-data/commits" && ctx.Request.Query["path"] == "data/entity-list.csv"
            ? LocalServer.Respond(ctx, commits.ToJsonString())
            : Task.Run(() => ctx.Response.StatusCode = 404));
        await using var t = await Services(server, "commits");
        var poller = t.Get<PollService>();
        Assert.True((await poller.PollAsync(Id)).Baseline);

        commits.Insert(0, Commit("ffeeddccbbaa99887766554433221100ffeeddcc", "Add Example Chip Tools Co.\n\nPer 90 FR 1234."));
        var second = await poller.PollAsync(Id);

        Assert.True(second.Ok, second.Error);
        var change = Assert.Single(second.Recorded);
        Assert.Equal("ffeeddccbbaa99887766554433221100ffeeddcc", change.ItemKey);
        Assert.Equal("Commit", change.DocumentType);
        Assert.Contains("Add Example Chip Tools Co.", change.Title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(403, "x-ratelimit-remaining", "0")]
    [InlineData(429, "retry-after", "30")]
    public async Task A_rate_limit_answer_is_a_wait_not_a_failure(int status, string header, string value)
    {
        await using var server = await LocalServer.StartAsync(async ctx =>
        {
            ctx.Response.StatusCode = status;
            ctx.Response.Headers[header] = value;
            ctx.Response.Headers["x-ratelimit-limit"] = "60";
            ctx.Response.Headers["x-ratelimit-reset"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"message":"API rate limit exceeded","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}""");
        });
        await using var t = await Services(server);

        var result = await t.Get<PollService>().PollAsync(Id);

        await SourcePolls.AssertAWaitNotAFailureAsync(t, Id, result);
    }

    [Fact]
    public async Task A_missing_repository_setting_is_a_clear_failure_without_any_request()
    {
        await using var server = await LocalServer.StartAsync();
        await using var t = await TestServices.CreateAsync(TestServices.PointAt(Id, server.BaseUri));

        var result = await t.Get<PollService>().PollAsync(Id);

        Assert.False(result.Ok);
        Assert.Contains("'repository'", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("acme")]
    [InlineData("acme/policy-data/extra")]
    [InlineData("acme/../../admin")]
    public async Task A_repository_setting_that_is_not_owner_slash_name_is_refused_without_any_request(string repository)
    {
        await using var server = await LocalServer.StartAsync();
        await using var t = await TestServices.CreateAsync(TestServices.PointAt(Id, server.BaseUri, new Dictionary<string, string?> { [$"Alerts:Sources:{Id}:Settings:repository"] = repository }));

        var result = await t.Get<PollService>().PollAsync(Id);

        Assert.False(result.Ok);
        Assert.Contains("must be owner/name", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }
}
