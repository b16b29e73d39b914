using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alerts.Core.Polling;
using Alerts.Server.Cli;
using Alerts.Tests.Harness;

namespace Alerts.Tests.Polling;

/// <summary>Operators add and remove sources at run time, with the admin API and the command line.</summary>
public sealed class OperatorSourcesTests
{
    private const string AdminKey = "operator-sources-bootstrap-admin-key-0123";

    private static Task ServeFeed(Microsoft.AspNetCore.Http.HttpContext ctx) =>
        ctx.Request.Path == "/press/rss.xml"
            ? LocalServer.Respond(ctx, File.ReadAllText(Path.Combine(Paths.Corpus, "feeds", "news-rss20-nbcnewyork-cdata.xml")), "application/rss+xml")
            : LocalServer.Respond(ctx, "", "text/plain", 404);

    [Fact]
    public async Task A_feed_added_through_the_admin_api_is_polled_and_can_be_removed_again()
    {
        await using var feed = await LocalServer.StartAsync(ServeFeed);
        await using var t = await TestServices.CreateAsync(new Dictionary<string, string?> { ["Alerts:Keys:BootstrapAdminKey"] = AdminKey });
        await using var host = await SelfHost.StartAsync(t.Settings);
        var http = host.Client(AdminKey);

        var added = await http.PostAsJsonAsync("/api/sources", new
        {
            id = "bis-press",
            kind = "feed",
            baseUrl = feed.BaseUri.ToString().TrimEnd('/'),
            name = "BIS press releases",
            jurisdiction = "US",
            settings = new Dictionary<string, string> { ["path"] = "/press/rss.xml" },
        });
        var listed = JsonDocument.Parse(await http.GetStringAsync("/api/sources"));
        var polled = await t.Get<PollService>().PollAsync("bis-press");
        var duplicate = await http.PostAsJsonAsync("/api/sources", new { id = "bis-press", kind = "feed", baseUrl = feed.BaseUri.ToString().TrimEnd('/') });
        var builtIn = await http.DeleteAsync("/api/sources/federal-register");
        var removed = await http.DeleteAsync("/api/sources/bis-press");
        var after = JsonDocument.Parse(await http.GetStringAsync("/api/sources"));

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Contains(listed.RootElement.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == "bis-press");
        Assert.True(polled.Ok, polled.Error);
        Assert.NotEmpty(polled.Recorded);
        Assert.All(polled.Recorded, c => Assert.Equal("bis-press", c.SourceId));
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, builtIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.DoesNotContain(after.RootElement.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == "bis-press");
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
        await using var t = await TestServices.CreateAsync(new Dictionary<string, string?> { ["Alerts:Keys:BootstrapAdminKey"] = AdminKey });
        await using var host = await SelfHost.StartAsync(t.Settings);
        var http = host.Client(AdminKey);
        var before = JsonDocument.Parse(await http.GetStringAsync("/api/sources")).RootElement.GetProperty("items").GetArrayLength();

        var response = await http.PostAsync("/api/sources", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, JsonDocument.Parse(await http.GetStringAsync("/api/sources")).RootElement.GetProperty("items").GetArrayLength());
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
