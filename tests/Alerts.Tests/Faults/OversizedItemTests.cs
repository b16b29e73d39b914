using Alerts.Core.Detection;
using Alerts.Core.Polling;
using Alerts.Core.Sources;

namespace Alerts.Tests.Faults;

/// <summary>One bad item never blocks the others: oversized text is cut to the documented limits, an unstorable item is skipped with the reason.</summary>
public sealed class OversizedItemTests
{
    /// <summary>Text that does not compress away (letters and digits from a seeded generator).</summary>
    private static string Noise(int length, int seed)
    {
        var random = new Random(seed);
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });
    }

    [Fact]
    public async Task A_feed_with_a_3_MB_title_and_a_40_KB_link_records_the_good_items_after_them_and_cuts_the_bad_ones()
    {
        var huge = Noise(3 * 1024 * 1024, 1);
        var longLink = "https://ustr.gov/about-us/press-releases/" + Noise(40 * 1024, 2);
        var bad = $"""
            <item><title>{huge}</title><link>https://ustr.gov/about-us/press-releases/huge-title</link><description>A title of 3 MB.</description>
            """ + """<guid isPermaLink="false">bad-title at https://ustr.gov</guid></item>""" + $"""

            <item><title>A release with a 40 KB link</title><link>{longLink}</link><description>The link is 40 KB.</description></item>
            """;
        var feed = File.ReadAllText(Path.Combine(Paths.Fixtures, "feeds", "ustr-press.xml"));
        var first = feed.IndexOf("<item>", StringComparison.Ordinal);
        var body = feed.Insert(first, bad);
        await using var server = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, body, "application/rss+xml; charset=utf-8"));
        await using var t = await TestServices.CreateAsync(TestServices.PointAt("ustr-press", server.BaseUri));

        var result = await t.Get<PollService>().PollAsync("ustr-press");

        Assert.True(result.Ok, result.Error);
        Assert.Equal(5, result.Recorded.Count);
        var cutTitle = result.Recorded.Single(c => c.ItemKey == "bad-title at https://ustr.gov");
        Assert.Equal(ItemLimits.MaxTitleChars, cutTitle.Title.Length);
        Assert.EndsWith(ItemLimits.Marker, cutTitle.Title, StringComparison.Ordinal);
        var noLink = result.Recorded.Single(c => c.Title == "A release with a 40 KB link");
        Assert.Null(noLink.Url);
        Assert.True(noLink.ItemKey.Length <= ItemLimits.MaxItemKeyChars, noLink.ItemKey);
        Assert.Contains(result.Recorded, c => c.ItemKey == "18321 at https://ustr.gov");
        var stored = await t.Get<ChangeLogStore>().FindAsync(cutTitle.Id);
        Assert.NotNull(stored);
        Assert.Equal(cutTitle.Title, stored.Title);
        Assert.Empty((await t.Get<PollService>().PollAsync("ustr-press")).Recorded);
    }

    [Fact]
    public async Task A_redirect_to_a_40_KB_address_fails_the_poll_with_a_short_reason_kept_in_the_sources_health()
    {
        var far = "/press/" + Noise(40 * 1024, 3);
        await using var server = await LocalServer.StartAsync(ctx =>
        {
            if (ctx.Request.Path.Value!.Length < 1000)
            {
                ctx.Response.StatusCode = 302;
                ctx.Response.Headers.Location = far;
                return Task.CompletedTask;
            }

            return LocalServer.Respond(ctx, "<html>" + Noise(40 * 1024, 4) + "</html>", "text/html", 404);
        });
        await using var t = await TestServices.CreateAsync(TestServices.PointAt("ustr-press", server.BaseUri));

        var result = await t.Get<PollService>().PollAsync("ustr-press");

        Assert.False(result.Ok);
        Assert.Contains("the server answered 414", result.Error, StringComparison.Ordinal); // Kestrel's answer to a 40 KB path
        Assert.True(result.Error!.Length < 1_000, $"{result.Error.Length} characters");
        var state = await t.Get<SourceStateStore>().GetAsync("ustr-press");
        Assert.Equal(1, state.ConsecutiveFailures); // the failure was saved: the row fits
        Assert.Equal(result.Error, state.LastError);
    }

    [Fact]
    public void An_error_text_is_cut_with_a_marker_before_it_reaches_a_row()
    {
        Assert.Equal("short", Alerts.Core.Storage.EntityText.Error("short"));
        var cut = Alerts.Core.Storage.EntityText.Error(new string('x', 40_000))!;
        Assert.Equal(Alerts.Core.Storage.EntityText.MaxErrorChars, cut.Length);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_item_too_large_to_store_even_cut_is_skipped_with_the_reason_and_the_items_after_it_are_recorded()
    {
        // No built-in source yields an item this large once cut (their fields are few); a source of many fields could:
        // 20 fields of 100,000 characters that do not compress are over the 1 MiB a change log entry can hold.
        await using var t = await TestServices.CreateAsync();
        var source = (await t.Get<SourceRegistry>().FindAsync("ustr-press"))!;
        SourceItem Item(string key, int fields, int length) => new()
        {
            ItemKey = key,
            Title = "Item " + key,
            Fields = Enumerable.Range(0, fields).ToDictionary(i => $"f{i:00}", i => length > 100 ? Noise(length, i + 100) : "short text " + key),
        };
        var fetched = new FetchResult { Items = [Item("first-good", 1, 10), Item("unstorable", 20, 120_000), Item("good-after-it", 2, 10)] };

        var result = await t.Get<ChangeRecorder>().RecordAsync(source, true, SuspectHold.None, fetched, null);

        Assert.Equal(["first-good", "good-after-it"], result.Recorded.Select(c => c.ItemKey));
        var skipped = Assert.Single(result.Skipped);
        Assert.StartsWith("unstorable: ", skipped, StringComparison.Ordinal);
        Assert.Contains("over the", skipped, StringComparison.Ordinal);
        Assert.Equal(2, (await t.Get<ChangeLogStore>().ReadHeadAsync())!.Value.Sequence);
    }
}
