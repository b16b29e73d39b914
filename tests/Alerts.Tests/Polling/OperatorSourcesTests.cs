using Alerts.Core.Polling;
using Alerts.Server.Cli;

namespace Alerts.Tests.Polling;

/// <summary>Operators add and remove sources at run time, with the admin API and the command line.</summary>
public sealed class OperatorSourcesTests
{
    private const string AdminKey = TestWorld.AdminKey;

    private static Task ServeFeed(Microsoft.AspNetCore.Http.HttpContext ctx) =>
        ctx.Request.Path == "/press/rss.xml"
            ? LocalServer.Respond(ctx, File.ReadAllText(Path.Combine(Paths.Corpus, "feeds", "news-rss20-nbcnewyork-cdata.xml")), "application/rss+xml")
            : LocalServer.Respond(ctx, "", "text/plain", 404);

    [Fact]
    public async Task A_feed_added_through_the_admin_api_is_polled_and_can_be_removed_again()
    {
        await using var world = await TestWorld.StartAsync();
        var feed = await world.ServeAsync(ServeFeed); // the operator's new source, outside
        var api = world.Api;

        var added = await api.CallAsync("AddSource", AdminKey, new
        {
            id = "bis-press",
            kind = "feed",
            baseUrl = feed.BaseUri.ToString().TrimEnd('/'),
            name = "BIS press releases",
            jurisdiction = "US",
            settings = new Dictionary<string, string> { ["path"] = "/press/rss.xml" },
        });
        var listed = await api.CallAsync("ListSources", AdminKey);
        var polled = await world.Get<PollService>().PollAsync("bis-press");
        var duplicate = await api.CallAsync("AddSource", AdminKey, new { id = "bis-press", kind = "feed", baseUrl = feed.BaseUri.ToString().TrimEnd('/') });
        var builtIn = await api.CallAsync("RemoveSource", AdminKey, id: "federal-register");
        var removed = await api.CallAsync("RemoveSource", AdminKey, id: "bis-press");
        var after = await api.CallAsync("ListSources", AdminKey);

        Assert.Equal(201, added.Status);
        Assert.Equal((200, 200), (listed.Status, after.Status));
        Assert.Contains(listed.Json.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == "bis-press");
        Assert.True(polled.Ok, polled.Error);
        Assert.NotEmpty(polled.Recorded);
        Assert.All(polled.Recorded, c => Assert.Equal("bis-press", c.SourceId));
        Assert.Equal(400, duplicate.Status);
        Assert.Equal(409, builtIn.Status);
        Assert.Equal(200, removed.Status);
        Assert.DoesNotContain(after.Json.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == "bis-press");
    }

    [Theory]
    [InlineData("{\"id\":\"Bad Id\",\"kind\":\"feed\",\"baseUrl\":\"https://example.gov\"}", "id")]
    [InlineData("{\"id\":\"x-feed\",\"kind\":\"telepathy\",\"baseUrl\":\"https://example.gov\"}", "kind")]
    [InlineData("{\"id\":\"x-feed\",\"kind\":\"feed\",\"baseUrl\":\"ftp://example.gov\"}", "baseUrl")]
    [InlineData("{\"id\":\"x-feed\",\"kind\":\"feed\",\"baseUrl\":\"https://example.gov/some/path\"}", "baseUrl")]
    [InlineData("{\"id\":\"x-feed\",\"kind\":\"feed\",\"baseUrl\":\"https://example.gov\",\"intervalMinutes\":0}", "intervalMinutes")]
    [InlineData("{\"id\":\"x-feed\",\"kind\":\"feed\",\"baseUrl\":\"https://example.gov\",\"surprise\":1}", "surprise")]
    [InlineData("{\"id\":\"federal-register\",\"kind\":\"feed\",\"baseUrl\":\"https://example.gov\"}", "exists")]
    [InlineData("not json", "valid")]
    public async Task A_bad_source_definition_is_refused_and_nothing_is_added(string body, string named)
    {
        await using var world = await TestWorld.StartAsync();
        var api = world.Api;
        async Task<int> CountAsync()
        {
            var list = await api.CallAsync("ListSources", AdminKey);
            Assert.Equal(200, list.Status);
            return list.Json.GetProperty("items").GetArrayLength();
        }

        var before = await CountAsync();

        var response = await api.CallAsync("AddSource", AdminKey, rawBody: body);

        Assert.Equal(400, response.Status);
        Assert.Contains(named, response.Body, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task The_command_line_adds_polls_and_removes_a_source()
    {
        await using var feed = await LocalServer.StartAsync(ServeFeed);
        await using var t = await TestServices.CreateAsync();
        var settings = t.Settings.ToDictionary();

        async Task<(int Code, string Out, string Err)> Cli(params string[] args)
        {
            using var o = new StringWriter();
            using var e = new StringWriter();
            var code = await AlertsCli.RunAsync(args, o, e, settings: settings);
            return (code, o.ToString(), e.ToString());
        }

        var add = await Cli("sources", "add", "bis-press", "--kind", "feed", "--base-url", feed.BaseUri.ToString().TrimEnd('/'), "--setting", "path=/press/rss.xml", "--jurisdiction", "US");
        var badSetting = await Cli("sources", "add", "other", "--kind", "feed", "--base-url", "https://example.gov", "--setting", "no-equals-sign");
        var poll = await Cli("poll", "--source", "bis-press", "--json");
        var removeBuiltIn = await Cli("sources", "remove", "federal-register");
        var remove = await Cli("sources", "remove", "bis-press");
        var pollAfter = await Cli("poll", "--source", "bis-press");

        Assert.True(add.Code == 0, add.Err);
        Assert.Equal(AlertsCli.Usage, badSetting.Code);
        Assert.True(poll.Code == 0, poll.Err);
        Assert.NotEmpty(poll.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(AlertsCli.Usage, removeBuiltIn.Code);
        Assert.Equal(0, remove.Code);
        Assert.Equal(AlertsCli.Usage, pollAfter.Code);
    }
}
