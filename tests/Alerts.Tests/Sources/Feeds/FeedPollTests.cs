using Alerts.Core.Polling;
using Alerts.Core.Sources;

namespace Alerts.Tests.Sources.Feeds;

/// <summary>Feed sources polled end to end through the real PollService, against a local server playing the publisher.</summary>
public sealed class FeedPollTests
{
    private const string NewUstrItem = """
        <item>
          <title>USTR Announces Section 301 Action on Legacy Semiconductors from China</title>
          <link>https://ustr.gov/about-us/policy-offices/press-office/press-releases/2025/december/ustr-announces-section-301-action-legacy-semiconductors?fbclid=IwAR0abc&amp;gclid=xyz</link>
          <description>&lt;p&gt;WASHINGTON – USTR today announced action in the Section 301 investigation of China’s targeting of foundational semiconductors.&lt;/p&gt;</description>
          <pubDate>Tue, 23 Dec 2025 16:00:00 +0000</pubDate>
          <guid isPermaLink="false">19001 at https://ustr.gov</guid>
        </item>
        """;

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(Paths.Fixtures, "feeds", name));

    private static Func<HttpContext, Task> Serve(Func<string> body, string contentType = "application/rss+xml; charset=utf-8") =>
        ctx => LocalServer.Respond(ctx, body(), contentType);

    [Fact]
    public async Task The_first_poll_of_a_feed_records_each_item_once_at_the_real_path()
    {
        await using var server = await LocalServer.StartAsync();
        server.Handler = Serve(() => Fixture("ustr-press.xml"));
        await using var t = await TestServices.CreateAsync(TestServices.PointAt("ustr-press", server.BaseUri));

        var result = await t.Get<PollService>().PollAsync("ustr-press");

        Assert.True(result.Ok, result.Error);
        Assert.False(result.Baseline);
        Assert.Equal(3, result.Recorded.Count);
        Assert.All(result.Recorded, c => Assert.Equal(ChangeType.Added, c.ChangeType));
        Assert.Equal("/rss.xml", Assert.Single(server.Requests).PathAndQuery);
        var first = result.Recorded.Single(c => c.ItemKey == "18321 at https://ustr.gov");
        Assert.Equal("USTR Initiates Section 301 Investigation of China’s Targeting of Foundational Semiconductor Chips", first.Title);
        Assert.Equal(
            "https://ustr.gov/about-us/policy-offices/press-office/press-releases/2024/december/ustr-initiates-section-301-investigation-chinas-targeting-foundational-semiconductor-chips",
            first.Url);
        Assert.Equal("Press Release", first.DocumentType);
        Assert.True(first.Official);
        Assert.Equal(new DateTimeOffset(2024, 12, 23, 15, 30, 0, TimeSpan.Zero), first.PublishedAt);
        var relative = result.Recorded.Single(c => c.ItemKey == "18012 at https://ustr.gov");
        Assert.Equal("https://ustr.gov/about-us/policy-offices/press-office/press-releases/2024/september/ustr-finalizes-action-china-tariffs-following-statutory-four-year-review", relative.Url);
    }

    [Fact]
    public async Task A_second_poll_with_nothing_new_records_nothing_and_a_new_item_records_exactly_one_change()
    {
        await using var site = await ServedSource.BaselinedAsync("ustr-press", Fixture("ustr-press.xml"), body => Serve(body));

        var again = await site.Poller.PollAsync("ustr-press");
        var index = site.Body.IndexOf("<item>", StringComparison.Ordinal);
        site.Body = site.Body.Insert(index, NewUstrItem);
        var withNew = await site.Poller.PollAsync("ustr-press");

        Assert.True(again.Ok, again.Error);
        Assert.Empty(again.Recorded);
        var change = Assert.Single(withNew.Recorded);
        Assert.Equal(ChangeType.Added, change.ChangeType);
        Assert.Equal("USTR Announces Section 301 Action on Legacy Semiconductors from China", change.Title);
        Assert.Equal("https://ustr.gov/about-us/policy-offices/press-office/press-releases/2025/december/ustr-announces-section-301-action-legacy-semiconductors", change.Url);
    }

    [Fact]
    public async Task An_item_whose_title_changes_is_one_modification_with_the_title_before_and_after()
    {
        await using var site = await ServedSource.BaselinedAsync("ustr-press", Fixture("ustr-press.xml"), body => Serve(body));

        site.Body = site.Body.Replace(
            "USTR Finalizes Action on China Tariffs Following Statutory Four-Year Review",
            "USTR Finalizes Modifications to China Tariffs Following Statutory Four-Year Review",
            StringComparison.Ordinal);
        var result = await site.Poller.PollAsync("ustr-press");

        var change = Assert.Single(result.Recorded);
        Assert.Equal(ChangeType.Modified, change.ChangeType);
        Assert.Equal("18012 at https://ustr.gov", change.ItemKey);
        var diff = Assert.Single(change.Diff);
        Assert.Equal("title", diff.Field);
        Assert.Equal("USTR Finalizes Action on China Tariffs Following Statutory Four-Year Review", diff.Before);
        Assert.Equal("USTR Finalizes Modifications to China Tariffs Following Statutory Four-Year Review", diff.After);
    }

    [Fact]
    public async Task A_304_with_validators_costs_one_request_and_nothing_else()
    {
        await using var server = await LocalServer.StartAsync();
        var body = Fixture("ustr-press.xml");
        server.Handler = async ctx =>
        {
            if (ctx.Request.Headers.IfNoneMatch.ToString() == "\"v1\"")
            {
                ctx.Response.StatusCode = 304;
                return;
            }

            ctx.Response.Headers.ETag = "\"v1\"";
            ctx.Response.Headers.LastModified = "Mon, 23 Dec 2024 15:30:00 GMT";
            await LocalServer.Respond(ctx, body, "application/rss+xml");
        };
        await using var t = await TestServices.CreateAsync(TestServices.PointAt("ustr-press", server.BaseUri));

        var result = await SourcePolls.SecondPollAsync(t, server, "ustr-press");

        Assert.True(result.Ok, result.Error);
        Assert.Equal(1, result.Requests);
        Assert.Equal(0, result.TableWrites);
        Assert.Empty(result.Recorded);
        var request = Assert.Single(server.Requests);
        Assert.Equal("\"v1\"", request.Headers["If-None-Match"]);
        Assert.Equal("Mon, 23 Dec 2024 15:30:00 GMT", request.Headers["If-Modified-Since"]);
    }

    [Fact]
    public async Task A_news_search_feed_is_recorded_as_news_not_as_an_official_source()
    {
        await using var server = await LocalServer.StartAsync();
        server.Handler = Serve(() => Fixture("google-news-chip-export-controls.xml"));
        await using var t = await TestServices.CreateAsync(TestServices.PointAt("news-chip-export-controls", server.BaseUri));

        var result = await t.Get<PollService>().PollAsync("news-chip-export-controls");

        Assert.True(result.Ok, result.Error);
        Assert.Equal(3, result.Recorded.Count);
        Assert.All(result.Recorded, c =>
        {
            Assert.Equal("News", c.DocumentType);
            Assert.False(c.Official);
            Assert.StartsWith("https://news.google.com/rss/articles/", c.Url, StringComparison.Ordinal);
        });
        Assert.Contains(result.Recorded, c => c.ItemKey == "CBMiogFBVV95cUxPc2xxT3p1bWhtZ0R4aE1rR1BXd2Nq"
            && c.Title == "US adds dozens of Chinese chip firms to Entity List in new export controls - Reuters");
        var path = Assert.Single(server.Requests).PathAndQuery;
        Assert.StartsWith("/rss/search?q=", path, StringComparison.Ordinal);
        Assert.Contains("hl=en-US", path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_feed_in_windows_1251_served_without_a_charset_is_read_with_its_cyrillic_titles()
    {
        await using var server = await LocalServer.StartAsync();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Paths.Corpus, "feeds", "rss20-windows-1251-oren-ru.xml"));
        server.Handler = async ctx =>
        {
            ctx.Response.ContentType = "text/xml";
            await ctx.Response.Body.WriteAsync(bytes);
        };
        await using var t = await TestServices.CreateAsync(TestServices.PointAt("eu-trade-news", server.BaseUri));

        var result = await t.Get<PollService>().PollAsync("eu-trade-news");

        Assert.True(result.Ok, result.Error);
        Assert.Equal(10, result.Recorded.Count);
        Assert.Contains(result.Recorded, c => c.Title == "В Бузулуке главные стройплощадки – детсад и Ледовый дворец");
    }

    public static TheoryData<string, string> Unreadable() => new()
    {
        { "corpus:malformed-rss20-reuters-truncated.xml", "truncated" },
        { "corpus:feedparser-malformed/rss_incomplete_cdata.xml", "truncated" },
        { "corpus:feedparser-malformed/rss_empty_document.xml", "no root element" },
        { "empty", "empty" },
        { "not-xml", "not XML" },
        { "html", "HTML page" },
        { "fixture:hostile-billion-laughs.xml", "DTD" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task A_feed_that_cannot_be_read_fails_clearly_and_records_nothing(string document, string expected)
    {
        await using var server = await LocalServer.StartAsync();
        var good = Fixture("ustr-press.xml");
        byte[] bad = document switch
        {
            "empty" => [],
            "not-xml" => "{\"error\":\"rate limited\"}"u8.ToArray(),
            "html" => "<!DOCTYPE html><html><head><title>Access Denied</title></head><body>Reference #18.2f</body></html>"u8.ToArray(),
            _ when document.StartsWith("corpus:", StringComparison.Ordinal) => await File.ReadAllBytesAsync(Path.Combine(Paths.Corpus, "feeds", document[7..])),
            _ => await File.ReadAllBytesAsync(Path.Combine(Paths.Fixtures, "feeds", document[8..])),
        };
        var serveBad = false;
        server.Handler = async ctx =>
        {
            ctx.Response.ContentType = "application/rss+xml";
            await ctx.Response.Body.WriteAsync(serveBad ? bad : Encoding.UTF8.GetBytes(good));
        };
        await using var t = await TestServices.CreateAsync(TestServices.PointAt("ustr-press", server.BaseUri));
        var poller = t.Get<PollService>();
        await poller.PollAsync("ustr-press");
        serveBad = true;

        var result = await poller.PollAsync("ustr-press");

        Assert.False(result.Ok);
        Assert.StartsWith("ustr-press: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Recorded);
        var state = await t.Get<SourceStateStore>().GetAsync("ustr-press");
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.Equal(3, (await t.Get<Alerts.Core.ChangeLog.ChangeLogStore>().ReadHeadAsync())!.Value.Sequence);
    }

    [Fact]
    public async Task An_external_entity_is_refused_and_never_fetched()
    {
        await using var server = await LocalServer.StartAsync();
        var hostile = Fixture("hostile-external-entity.xml").Replace("{ORIGIN}", server.BaseUri.ToString().TrimEnd('/'), StringComparison.Ordinal);
        server.Handler = ctx => ctx.Request.Path == "/rss.xml" ? LocalServer.Respond(ctx, hostile, "application/rss+xml") : LocalServer.Respond(ctx, "secret", "text/plain");
        await using var t = await TestServices.CreateAsync(TestServices.PointAt("ustr-press", server.BaseUri));

        var result = await t.Get<PollService>().PollAsync("ustr-press");

        Assert.False(result.Ok);
        Assert.Contains("DTD", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Recorded);
        Assert.Null(await t.Get<Alerts.Core.ChangeLog.ChangeLogStore>().ReadHeadAsync());
        Assert.DoesNotContain(server.Requests, r => r.PathAndQuery.Contains("xxe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_feed_setting_on_another_origin_is_a_clear_error()
    {
        await using var server = await LocalServer.StartAsync();
        await using var t = await TestServices.CreateAsync(new Dictionary<string, string?>
        {
            ["Alerts:Sources:ustr-press:Settings:url"] = "https://evil.example/rss.xml",
        });

        var result = await t.Get<PollService>().PollAsync("ustr-press");

        Assert.False(result.Ok);
        Assert.Contains("not on the source's origin", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, result.Requests);
    }
}

/// <summary>Feeds added by an operator's own catalog file, and limits that hold against a hostile feed server.</summary>
public sealed class FeedCatalogAndLimitTests
{
    [Fact]
    public async Task A_feed_added_in_an_operators_catalog_file_is_polled_like_a_built_in_one()
    {
        await using var server = await LocalServer.StartAsync();
        server.Handler = ctx => LocalServer.Respond(ctx, File.ReadAllText(Path.Combine(Paths.Corpus, "feeds", "news-atom-heise-developer.xml")), "application/atom+xml");
        var catalog = Path.Combine(Path.GetTempPath(), "alerts-catalog-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(catalog, """
            { "sources": [ { "id": "heise-dev", "kind": "feed", "name": "heise developer", "jurisdiction": "DE", "official": false,
              "defaultBaseUrl": "https://www.heise.de", "settings": { "path": "/developer/rss/news-atom.xml" } } ] }
            """);
        try
        {
            await using var t = await TestServices.CreateAsync(TestServices.PointAt("heise-dev", server.BaseUri, new Dictionary<string, string?> { ["Alerts:CatalogPath"] = catalog }));

            var result = await t.Get<PollService>().PollAsync("heise-dev");

            Assert.True(result.Ok, result.Error);
            Assert.Equal(15, result.Recorded.Count);
            Assert.All(result.Recorded, c => Assert.Equal("News", c.DocumentType));
            Assert.Equal("/developer/rss/news-atom.xml", Assert.Single(server.Requests).PathAndQuery);
        }
        finally
        {
            File.Delete(catalog);
        }
    }

    [Fact]
    public async Task A_feed_that_decompresses_past_the_size_limit_fails_and_records_nothing()
    {
        await using var server = await LocalServer.StartAsync();
        using var packed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>" + new string(' ', 8 * 1024 * 1024) + "</title></channel></rss>"));
        }

        var bomb = packed.ToArray();
        server.Handler = async ctx =>
        {
            ctx.Response.ContentType = "application/rss+xml";
            ctx.Response.Headers.ContentEncoding = "gzip";
            await ctx.Response.Body.WriteAsync(bomb);
        };
        await using var t = await TestServices.CreateAsync(TestServices.PointAt("ustr-press", server.BaseUri, new Dictionary<string, string?> { ["Alerts:MaxResponseBytes"] = "1048576" }));

        var result = await t.Get<PollService>().PollAsync("ustr-press");

        Assert.True(bomb.Length < 1048576);
        Assert.False(result.Ok);
        Assert.Contains("over the limit", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Recorded);
    }

    [Theory]
    [InlineData("ustr-press", "url=|path=", "needs the setting 'url' or 'path'")]
    [InlineData("ustr-press", "url=|path=rss.xml", "must start with '/'")]
    [InlineData("ustr-press", "charset=klingon-8", "names no known encoding")]
    [InlineData("meti-export-control", "selector=", "needs the setting 'selector'")]
    public async Task A_missing_or_wrong_source_setting_is_a_clear_error_that_sends_nothing_and_records_nothing(string sourceId, string settings, string expected)
    {
        await using var server = await LocalServer.StartAsync();
        var config = TestServices.PointAt(sourceId, server.BaseUri);
        foreach (var pair in settings.Split('|'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            config[$"Alerts:Sources:{sourceId}:Settings:{pair[..eq]}"] = pair[(eq + 1)..];
        }

        await using var t = await TestServices.CreateAsync(config);

        var result = await t.Get<PollService>().PollAsync(sourceId);

        Assert.False(result.Ok);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Recorded);
        Assert.Empty(server.Requests);
        Assert.Null(await t.Get<Alerts.Core.ChangeLog.ChangeLogStore>().ReadHeadAsync());
    }
}
