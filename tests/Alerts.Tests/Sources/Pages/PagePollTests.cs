using Alerts.Core.Detection;
using Alerts.Core.Polling;

namespace Alerts.Tests.Sources.Pages;

/// <summary>Page sources polled end to end through the real PollService, against a local server playing the ministry's site.</summary>
public sealed class PagePollTests
{
    private const string NewMofcomEntry =
        """<li><a href="/article/zcfg/gnzcfg/202510/20251009555555.shtml;jsessionid=8F3A1C0D2B7E" target="_blank" title="商务部公告2025年第61号 关于对境外相关稀土物项实施出口管制的决定">""" +
        """商务部公告2025年第61号 关于对境外相关稀土物项实施出口管制的决定</a><span class="time">2025-10-09</span><em class="views">浏览次数：12</em></li>""";

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(Paths.Fixtures, "pages", name));

    /// <summary>Serves a page as the real sites do: text/html with no charset parameter, UTF-8 bytes.</summary>
    private static Func<HttpContext, Task> Serve(Func<string> body) => async ctx =>
    {
        ctx.Response.ContentType = "text/html";
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body()));
    };

    public static TheoryData<string, string, string, int, string, string, string> BuiltInPages() => new()
    {
        {
            "mofcom-export-control", "mofcom-export-control.html", "/article/zcfg/gnzcfg/", 5,
            "http://exportcontrol.mofcom.gov.cn/article/zcfg/gnzcfg/202307/20230703419666.shtml",
            "商务部 海关总署公告2023年第23号 关于对镓、锗相关物项实施出口管制的公告", "2023-07-03"
        },
        {
            "china-tariff-commission", "china-tariff-commission.html", "/gzdt/zhengcefabu/", 4,
            "https://gss.mof.gov.cn/gzdt/zhengcefabu/202504/t20250404_3961511.htm",
            "国务院关税税则委员会关于对原产于美国的进口商品加征关税的公告", "2025-04-04"
        },
        {
            "nl-export-control", "nl-export-control.html", "/onderwerpen/exportcontrole-van-strategische-goederen/nieuws", 4,
            "https://www.rijksoverheid.nl/actueel/nieuws/2024/09/06/kabinet-breidt-exportcontrole-op-geavanceerde-halfgeleiderproductieapparatuur-uit",
            "Kabinet breidt exportcontrole op geavanceerde halfgeleiderproductieapparatuur uit", "2024-09-06"
        },
        {
            "meti-export-control", "meti-export-control.html", "/policy/anpo/topics.html", 4,
            "https://www.meti.go.jp/press/2023/05/20230523002/20230523002.html",
            "外為法の貨物等省令の改正を行いました（先端半導体製造装置等23品目の追加）", "2023-05-23"
        },
    };

    [Theory]
    [MemberData(nameof(BuiltInPages))]
    public async Task The_first_poll_of_a_built_in_page_records_its_entries_as_a_silent_baseline(string sourceId, string fixture, string path, int entries, string link, string title, string date)
    {
        await using var server = await LocalServer.StartAsync();
        server.Handler = Serve(() => Fixture(fixture));
        await using var t = await TestServices.CreateAsync(TestServices.PointAt(sourceId, server.BaseUri));

        var result = await t.Get<PollService>().PollAsync(sourceId);

        Assert.True(result.Ok, result.Error);
        Assert.True(result.Baseline);
        Assert.Empty(result.Recorded);
        Assert.Equal(entries, result.ItemsRead);
        Assert.Null(await t.Get<ChangeLogStore>().ReadHeadAsync());
        var snapshots = await t.Get<SnapshotStore>().ReadAllAsync(sourceId);
        Assert.Equal(entries, snapshots.Count);
        var entry = snapshots[link];
        Assert.Equal(title, entry.Fields["title"]);
        Assert.Equal(date, entry.Fields["date"]);
        Assert.Equal(link, entry.Url);
        Assert.Equal(path, Assert.Single(server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task A_new_announcement_records_exactly_one_change_and_the_unchanged_page_nothing()
    {
        await using var site = await ServedSource.BaselinedAsync("mofcom-export-control", Fixture("mofcom-export-control.html"), Serve);

        var unchanged = await site.Poller.PollAsync("mofcom-export-control");
        site.Body = site.Body.Replace("<ul class=\"txtList_01\">", "<ul class=\"txtList_01\">" + NewMofcomEntry, StringComparison.Ordinal);
        var added = await site.Poller.PollAsync("mofcom-export-control");

        Assert.True(unchanged.Ok, unchanged.Error);
        Assert.Empty(unchanged.Recorded);
        var change = Assert.Single(added.Recorded);
        Assert.Equal(ChangeType.Added, change.ChangeType);
        Assert.Equal("商务部公告2025年第61号 关于对境外相关稀土物项实施出口管制的决定", change.Title);
        Assert.Equal("http://exportcontrol.mofcom.gov.cn/article/zcfg/gnzcfg/202510/20251009555555.shtml", change.Url);
        Assert.Equal("Announcement", change.DocumentType);
        Assert.Equal(new DateTimeOffset(2025, 10, 9, 0, 0, 0, TimeSpan.Zero), change.PublishedAt);
        Assert.Equal("CN", change.Jurisdiction);
    }

    [Fact]
    public async Task Session_ids_counters_and_the_generation_time_produce_no_change()
    {
        await using var site = await ServedSource.BaselinedAsync("mofcom-export-control", Fixture("mofcom-export-control.html"), Serve);

        site.Body = site.Body.Replace("jsessionid=8F3A1C0D2B7E", "jsessionid=77D0E9AA41C3", StringComparison.Ordinal)
            .Replace("浏览次数：2381", "浏览次数：2502", StringComparison.Ordinal)
            .Replace("浏览次数：9876", "浏览次数：10011", StringComparison.Ordinal)
            .Replace("页面生成时间：2025-04-05 08:15:32", "页面生成时间：2025-04-06 09:01:07", StringComparison.Ordinal)
            .Replace("总访问量：10293847", "总访问量：10301122", StringComparison.Ordinal);
        Assert.DoesNotContain("8F3A1C0D2B7E", site.Body, StringComparison.Ordinal);
        var result = await site.Poller.PollAsync("mofcom-export-control");

        Assert.True(result.Ok, result.Error);
        Assert.Equal(5, result.ItemsRead);
        Assert.Empty(result.Recorded);
    }

    [Fact]
    public async Task A_changed_entry_text_is_a_modification_and_a_vanished_entry_a_removal()
    {
        // One entry of four is 25%, over the default 20% a poll may remove before it is held as a suspect fetch.
        await using var site = await ServedSource.BaselinedAsync("nl-export-control", Fixture("nl-export-control.html"), Serve,
            new Dictionary<string, string?> { ["Alerts:Sources:nl-export-control:Settings:maxDropPercent"] = "25" });

        site.Body = site.Body.Replace("in werking treden.", "in werking treden. Bijgewerkt: de regeling geldt ook voor onderdelen.", StringComparison.Ordinal);
        var start = site.Body.IndexOf("<li><a href=\"/actueel/nieuws/2023/03/08/", StringComparison.Ordinal);
        site.Body = site.Body.Remove(start, site.Body.IndexOf("</li>", start, StringComparison.Ordinal) + 5 - start);
        var result = await site.Poller.PollAsync("nl-export-control");

        Assert.True(result.Ok, result.Error);
        Assert.Equal(2, result.Recorded.Count);
        var modified = Assert.Single(result.Recorded, c => c.ChangeType == ChangeType.Modified);
        Assert.Equal("Aanvullende exportcontrolemaatregelen voor geavanceerde halfgeleiderproductieapparatuur", modified.Title);
        Assert.Equal("text", Assert.Single(modified.Diff).Field);
        var removed = Assert.Single(result.Recorded, c => c.ChangeType == ChangeType.Removed);
        Assert.Equal("https://www.rijksoverheid.nl/actueel/nieuws/2023/03/08/nieuwe-nationale-exportcontrolemaatregel-voor-geavanceerde-halfgeleiderproductieapparatuur", removed.ItemKey);
    }

    [Fact]
    public async Task A_page_that_renders_nothing_to_the_selector_is_a_failure_not_every_entry_removed()
    {
        await using var site = await ServedSource.BaselinedAsync("china-tariff-commission", Fixture("china-tariff-commission.html"), Serve);

        // The list is now rendered by script: the HTML holds an empty container.
        var start = site.Body.IndexOf("<ul class=\"liBox\">", StringComparison.Ordinal);
        var end = site.Body.IndexOf("</ul>", start, StringComparison.Ordinal) + 5;
        site.Body = string.Concat(site.Body.AsSpan(0, start), "<div id=\"list\"></div><script src=\"/js/list.js\"></script>", site.Body.AsSpan(end));
        var failed = await site.Poller.PollAsync("china-tariff-commission");
        site.Body = Fixture("china-tariff-commission.html");
        var recovered = await site.Poller.PollAsync("china-tariff-commission");

        Assert.False(failed.Ok);
        Assert.Contains("matched nothing", failed.Error, StringComparison.Ordinal);
        Assert.Empty(failed.Recorded);
        Assert.Null(await site.Services.Get<ChangeLogStore>().ReadHeadAsync());
        Assert.True(recovered.Ok, recovered.Error);
        Assert.Empty(recovered.Recorded);
        Assert.Equal(4, (await site.Services.Get<SnapshotStore>().ReadAllAsync("china-tariff-commission")).Values.Count(s => !s.Removed));
    }

    [Fact]
    public async Task A_304_for_a_page_costs_one_request_and_nothing_else()
    {
        await using var server = await LocalServer.StartAsync();
        var body = Fixture("meti-export-control.html");
        server.Handler = async ctx =>
        {
            if (ctx.Request.Headers.IfNoneMatch.ToString() == "\"meti-1\"")
            {
                ctx.Response.StatusCode = 304;
                return;
            }

            ctx.Response.Headers.ETag = "\"meti-1\"";
            await Serve(() => body)(ctx);
        };
        await using var t = await TestServices.CreateAsync(TestServices.PointAt("meti-export-control", server.BaseUri));
        var poller = t.Get<PollService>();
        await poller.PollAsync("meti-export-control");

        var result = await poller.PollAsync("meti-export-control");

        Assert.True(result.Ok, result.Error);
        Assert.Equal(1, result.Requests);
        Assert.Equal(0, result.TableWrites);
        Assert.Empty(result.Recorded);
    }

    [Fact]
    public async Task The_mofcom_page_declared_gb2312_is_read_as_utf8_because_the_charset_is_forced()
    {
        await using var server = await LocalServer.StartAsync();
        server.Handler = Serve(() => Fixture("mofcom-export-control.html"));
        await using var forced = await TestServices.CreateAsync(TestServices.PointAt("mofcom-export-control", server.BaseUri));
        await using var declared = await TestServices.CreateAsync(TestServices.PointAt("mofcom-export-control", server.BaseUri, new Dictionary<string, string?>
        {
            ["Alerts:Sources:mofcom-export-control:Settings:charset"] = "",
        }));

        await forced.Get<PollService>().PollAsync("mofcom-export-control");
        await declared.Get<PollService>().PollAsync("mofcom-export-control");

        var good = await forced.Get<SnapshotStore>().ReadAllAsync("mofcom-export-control");
        var mojibake = await declared.Get<SnapshotStore>().ReadAllAsync("mofcom-export-control");
        Assert.Contains(good.Values, s => s.Title.Contains("镓、锗", StringComparison.Ordinal));
        Assert.DoesNotContain(mojibake.Values, s => s.Title.Contains("镓、锗", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Alerts:Sources:nl-export-control:Settings:selector", "ol.results >", "not valid CSS")]
    [InlineData("Alerts:Sources:nl-export-control:Settings:ignore", "(unclosed", "not a valid regular expression")]
    [InlineData("Alerts:Sources:nl-export-control:Settings:charset", "no-such-charset-x", "names no known encoding")]
    public async Task A_wrong_page_setting_is_a_clear_error_that_records_nothing(string key, string value, string expected)
    {
        await using var server = await LocalServer.StartAsync();
        server.Handler = Serve(() => Fixture("nl-export-control.html"));
        await using var t = await TestServices.CreateAsync(TestServices.PointAt("nl-export-control", server.BaseUri, new Dictionary<string, string?> { [key] = value }));

        var result = await t.Get<PollService>().PollAsync("nl-export-control");

        Assert.False(result.Ok);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);

        Assert.Empty(result.Recorded);
        Assert.Empty(await t.Get<SnapshotStore>().ReadAllAsync("nl-export-control"));
    }
}
