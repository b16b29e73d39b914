using System.Security.Cryptography;
using Alerts.Core.Detection;
using Alerts.Core.Polling;

namespace Alerts.Tests.Sources.Pages;

/// <summary>
/// A page whose listing gives only a title: the entry's own link is followed once, when the entry is new, through the
/// poll's fetcher, and the classifier reads the text (issue 15, item 1).
/// </summary>
public sealed class PageFollowTests
{
    private const string Id = "mofcom-export-control";
    private const string ArticlePath = "/article/zcfg/gnzcfg/202511/20251101666666.shtml";

    /// <summary>A new entry whose title names nothing the classifier knows: only its article says gallium and export control.</summary>
    private const string ThinEntry =
        """<li><a href="/article/zcfg/gnzcfg/202511/20251101666666.shtml" target="_blank" title="商务部公告2025年第62号">商务部公告2025年第62号</a>""" +
        """<span class="time">2025-11-01</span><em class="views">浏览次数：3</em></li>""";

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(Paths.Fixtures, "pages", name));

    /// <summary>Plays exportcontrol.mofcom.gov.cn: the list page, and the article when <see cref="Article"/> is set (else 404).</summary>
    private sealed class Site
    {
        public string List { get; set; } = Fixture("mofcom-export-control.html");

        public byte[]? Article { get; set; } = Encoding.UTF8.GetBytes(Fixture("mofcom-article.html"));

        public async Task Handle(HttpContext ctx)
        {
            var body = ctx.Request.Path == "/article/zcfg/gnzcfg/" ? Encoding.UTF8.GetBytes(List)
                : ctx.Request.Path == ArticlePath ? Article
                : null;
            if (body is null)
            {
                ctx.Response.StatusCode = 404;
                return;
            }

            ctx.Response.ContentType = "text/html";
            await ctx.Response.Body.WriteAsync(body);
        }

        public void AddEntry(string entry) => List = List.Replace("<ul class=\"txtList_01\">", "<ul class=\"txtList_01\">" + entry, StringComparison.Ordinal);
    }

    private static async Task<(LocalServer Server, TestServices Services, Site Site)> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var site = new Site();
        var server = await LocalServer.StartAsync(site.Handle);
        var services = await TestServices.CreateAsync(TestServices.PointAt(Id, server.BaseUri, settings));
        return (server, services, site);
    }

    private static string[] Requested(LocalServer server) => [.. server.Requests.Select(r => r.PathAndQuery)];

    [Fact]
    public async Task A_new_title_only_entry_has_its_link_followed_once_and_is_classified_on_the_text_kept_as_evidence()
    {
        var (server, t, site) = await StartAsync();
        await using var _ = server;
        await using var __ = t;
        var poller = t.Get<PollService>();

        var baseline = await poller.PollAsync(Id);
        Assert.True(baseline.Baseline);
        Assert.Equal(["/article/zcfg/gnzcfg/"], Requested(server)); // a baseline alerts nobody: no entry is followed

        site.AddEntry(ThinEntry);
        server.Requests.Clear();
        var added = await poller.PollAsync(Id);

        Assert.True(added.Ok, added.Error);
        Assert.Equal(["/article/zcfg/gnzcfg/", ArticlePath], Requested(server));
        Assert.Equal(2, added.Requests);
        var change = Assert.Single(added.Recorded);
        Assert.Equal("商务部公告2025年第62号", change.Title);
        Assert.Contains("critical-minerals", change.Topics);
        var sha = Convert.ToHexStringLower(SHA256.HashData(site.Article!));
        Assert.Contains("fulltext:sha256:" + sha, change.Matched);
        Assert.Contains(change.Matched, m => m.Contains("@fulltext", StringComparison.Ordinal));
        var stored = await t.Get<EvidenceStore>().OpenAsync(sha);
        Assert.NotNull(stored);
        await using (stored.Content)
        {
            using var copy = new MemoryStream();
            await stored.Content.CopyToAsync(copy);
            Assert.Equal(site.Article, copy.ToArray());
        }

        // The entry is known now: the next polls read the list page only.
        server.Requests.Clear();
        var again = await poller.PollAsync(Id);
        Assert.True(again.Ok, again.Error);
        Assert.Empty(again.Recorded);
        Assert.Equal(["/article/zcfg/gnzcfg/"], Requested(server));
    }

    [Fact]
    public async Task An_article_that_cannot_be_fetched_leaves_the_entry_recorded_and_classified_on_its_title()
    {
        var (server, t, site) = await StartAsync();
        await using var _ = server;
        await using var __ = t;
        var poller = t.Get<PollService>();
        await poller.PollAsync(Id);

        site.Article = null; // 404
        site.AddEntry(ThinEntry);
        server.Requests.Clear();
        var added = await poller.PollAsync(Id);

        Assert.True(added.Ok, added.Error);
        Assert.Equal(["/article/zcfg/gnzcfg/", ArticlePath], Requested(server));
        var change = Assert.Single(added.Recorded);
        Assert.DoesNotContain("critical-minerals", change.Topics);
        Assert.DoesNotContain(change.Matched, m => m.StartsWith("fulltext:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Entries_with_text_of_their_own_links_to_other_sites_and_follow_off_cost_no_request()
    {
        var (server, t, site) = await StartAsync(new() { [$"Alerts:Sources:{Id}:Settings:maxFollow"] = "1" });
        await using var _ = server;
        await using var __ = t;
        var poller = t.Get<PollService>();
        await poller.PollAsync(Id);

        // Not thin: the entry says what it is. Elsewhere: a link off the page's origin. Over the budget of 1: the second thin entry.
        site.AddEntry(
            """<li><a href="/article/zcfg/gnzcfg/202511/20251102777777.shtml">商务部公告2025年第63号</a><span class="time">2025-11-02</span>""" +
            """<p>关于对部分中重稀土相关物项实施出口管制的决定，自发布之日起实施，出口经营者应当办理许可手续并如实申报物项用途。</p></li>""");
        site.AddEntry("""<li><a href="https://www.gov.cn/zhengce/zhengceku/202511/content_7000000.htm">国务院公告2025年第9号</a><span class="time">2025-11-02</span></li>""");
        site.AddEntry(ThinEntry);
        site.AddEntry("""<li><a href="/article/zcfg/gnzcfg/202511/20251103888888.shtml">商务部公告2025年第64号</a><span class="time">2025-11-03</span></li>""");
        server.Requests.Clear();
        var added = await poller.PollAsync(Id);

        Assert.True(added.Ok, added.Error);
        Assert.Equal(4, added.Recorded.Count);
        var requested = Requested(server);
        Assert.Equal("/article/zcfg/gnzcfg/", requested[0]);
        var followed = Assert.Single(requested.Skip(1));
        Assert.Contains(followed, new[] { ArticlePath, "/article/zcfg/gnzcfg/202511/20251103888888.shtml" });
    }

    [Fact]
    public async Task With_follow_off_a_new_thin_entry_costs_no_request()
    {
        var (server, t, site) = await StartAsync(new() { [$"Alerts:Sources:{Id}:Settings:follow"] = "off" });
        await using var _ = server;
        await using var __ = t;
        var poller = t.Get<PollService>();
        await poller.PollAsync(Id);

        site.AddEntry(ThinEntry);
        server.Requests.Clear();
        var added = await poller.PollAsync(Id);

        Assert.True(added.Ok, added.Error);
        Assert.Single(added.Recorded);
        Assert.Equal(["/article/zcfg/gnzcfg/"], Requested(server));
    }

    [Theory]
    [InlineData("follow", "sometimes", "'sometimes'")]
    [InlineData("maxFollow", "-1", "'-1'")]
    [InlineData("maxFollow", "51", "'51'")]
    [InlineData("textSelector", "div.art-con >", "not valid CSS")]
    public async Task A_wrong_follow_setting_is_a_clear_error_before_any_request_that_records_nothing(string setting, string value, string expected)
    {
        var (server, t, _) = await StartAsync(new() { [$"Alerts:Sources:{Id}:Settings:{setting}"] = value });
        await using var __ = server;
        await using var ___ = t;

        var result = await t.Get<PollService>().PollAsync(Id);

        Assert.False(result.Ok);
        Assert.Contains($"setting '{setting}'", result.Error, StringComparison.Ordinal);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.Empty(await t.Get<SnapshotStore>().ReadAllAsync(Id));
    }

    [Fact]
    public async Task The_citation_a_followed_article_quotes_links_the_entry_into_the_story_of_that_notice()
    {
        var (server, t, site) = await StartAsync();
        await using var _ = server;
        await using var __ = t;
        var notice = await t.Get<StoryIndex>().LinkAsync(
            new Core.Sources.SourceDefinition { Id = "federal-register", Kind = "federal-register", DefaultBaseUrl = "https://example.invalid" },
            "2023-14325", "Notice of export controls", null, "Notice", ["FR:2023-14325", "CITATION:88 FR 43211"], new Dictionary<string, string>());
        var poller = t.Get<PollService>();
        await poller.PollAsync(Id);

        site.Article = Encoding.UTF8.GetBytes("<html><body><article><p>商务部公告2025年第62号。美方于2023年7月发布的规则（88 FR 43211）……</p></article></body></html>");
        site.AddEntry(ThinEntry);
        var added = await poller.PollAsync(Id);

        Assert.True(added.Ok, added.Error);
        Assert.Equal(notice, Assert.Single(added.Recorded).StoryId);
    }
}
