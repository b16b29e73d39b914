using Alerts.Core.Sources.Feeds;

namespace Alerts.Tests.Sources.Feeds;

/// <summary>
/// Every real feed in corpus/feeds is read, or fails with a clear message. The expected values were taken from the
/// files by hand (a text editor and iconv), not from this parser.
/// </summary>
public sealed class FeedCorpusTests
{
    private sealed record Expect(int Items, string? FirstTitle = null, string? FirstDate = null, string? Failure = null, string? Language = null);

    private static readonly Dictionary<string, Expect> Expected = new(StringComparer.Ordinal)
    {
        ["atom-google-alerts-single-line.xml"] = new(20, "Report offers Prediction of Automotive Slack Market", "2019-07-10T11:53:37Z"),
        ["atom-planet-gnome-xhtml-content.xml"] = new(1, "High resolution wheel scrolling in the desktop stack", "2020-04-04T04:00:00Z"),
        ["atom-samruby-intertwingly-xhtml-leading-newline.xml"] = new(20, "Plex", "2013-01-30T18:12:03Z"),
        ["atom-youtube-channel-mediarss.xml"] = new(15, "Zukunft von Vertretern I Kernfusion I Musikgeschäft #ASKTHEPUNK 71", "2017-01-20T16:00:00Z"),
        ["feedjira-rss20-invalid-dc-date-unix-timestamp.xml"] = new(2, "Item 0 with an invalid date", "2017-10-16T15:10:00Z", Language: "en-US"),
        ["feedparser-examples/atom03.xml"] = new(1, "First entry title", "2004-04-20T00:23:47Z", Language: "en"),
        ["feedparser-malformed/bozo_linenoise.xml"] = new(1),
        ["feedparser-malformed/chardet_shiftjis.xml"] = new(1, "DrecomRSSに記事投稿が反映されない…"),
        ["feedparser-malformed/demoronize-1.xml"] = new(1),
        ["feedparser-malformed/http_high_bit_date.xml"] = new(0),
        ["feedparser-malformed/rss090_item_title.xml"] = new(1, "Item title"),
        ["feedparser-malformed/rss_empty_document.xml"] = new(0, Failure: "no root element"),
        ["feedparser-malformed/rss_incomplete_cdata.xml"] = new(0, Failure: "truncated"),
        ["feedparser-malformed/rss_item_link_corrupted_ampersands.xml"] = new(1),
        ["feedparser-malformed/undeclared_namespace.xml"] = new(0),
        ["feedparser-malformed/utf-16le-bom.xml"] = new(0),
        ["malformed-rss20-pcmag-illegally-nested.xml"] = new(10, "My Professional Armchair Analysis of CES", "2018-01-17T20:50:00Z", Language: "en-US"),
        ["malformed-rss20-reuters-truncated.xml"] = new(0, Failure: "truncated"),
        ["malformed-rss20-unescaped-ampersand.xml"] = new(3, "Good Item"),
        ["news-atom-heise-developer.xml"] = new(15, "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei", "2016-02-01T16:22:00Z"),
        ["news-atom-theverge.xml"] = new(10, "This is the new Hulu experience with live TV", "2017-01-07T14:00:01Z", Language: "en"),
        ["news-rss10-rdf-orf-at.xml"] = new(50, "US-Band New Edition mit Stern auf „Walk of Fame“ geehrt", "2017-01-23T20:54:55Z", Language: "de"),
        ["news-rss20-breakingnews-ie-feedburner.xml"] = new(10, "Higher wages push stocks to records, but Dow misses 20,000 mark", "2017-01-06T22:21:36Z"),
        ["news-rss20-dailymail-no-xml-decl.xml"] = new(0),
        ["news-rss20-guardian-us.xml"] = new(55, "Trump State of the Union address promised unity but emphasized discord", "2018-01-31T07:26:05Z", Language: "en-GB"),
        ["news-rss20-iso-8859-1-retriever.xml"] = new(30, "SVART MÅNAD - DÖDSOLYCKA i Vetlanda", "2018-08-19T07:14:00Z"),
        ["news-rss20-jn-pt-iso-8859-1-date-whitespace.xml"] = new(40, "Mãe de utente é a nova presidente da Raríssimas", "2018-01-03T13:47:00Z", Language: "pt-PT"),
        ["news-rss20-moscowtimes-bom.xml"] = new(50, "Russian State TV Praises Trump for Avoiding ‘Democracy’ in Inauguration Speech", "2017-01-23T16:45:02Z", Language: "en-US"),
        ["news-rss20-nbcnewyork-cdata.xml"] = new(1, "NYC cops search for stabbing suspect after leaving 18-year-old to bleed out on sidewalk", "2023-12-16T14:02:33Z", Language: "en-US"),
        ["news-rss20-nytimes-homepage.xml"] = new(33, "Putin Led a Complex Cyberattack Scheme to Aid Trump, Report Finds", "2017-01-07T01:49:31Z"),
        ["news-rss20-reuters-world.xml"] = new(10, "Iraq says deal reached over withdrawal of Turkish forces from Bashiqa", "2017-01-07T13:52:27Z"),
        ["rss091-iso-8859-1-cdata.xml"] = new(15, "[19.08.2018 - 07:08 Uhr] Brandmeldeanlagenalarm", "2018-08-19T06:08:00Z", Language: "de-DE"),
        ["rss092-nonrfc822-dates.xml"] = new(2, "The First Item"),
        ["rss10-rdf-craigslist.xml"] = new(25, "Bright, Spacious Beautiful Victorian (oakland north / temescal) $4300 3bd 1930ft", "2017-06-21T17:33:10Z"),
        ["rss10-rdf-debian-news.xml"] = new(1, "Updated Debian 11: 11.6 released", "2022-12-17T00:00:00Z"),
        ["rss10-rdf-golem-iso-8859-1.xml"] = new(1, "Digitalministerium: Neue Glasfaserförderung mit Schnellkasse", "2023-01-25T18:03:02Z"),
        ["rss20-bbc-podcast-itunes.xml"] = new(1, "Marcus Aurelius", "2021-02-25T10:15:00Z", Language: "en"),
        ["rss20-channel-meta-after-items.xml"] = new(1, "First item"),
        ["rss20-iso-8859-1-inovacao.xml"] = new(1, "Revolução nas telas com pontos quânticos impressos em 3D", "2020-08-13T09:57:55Z", Language: "pt-BR"),
        ["rss20-windows-1251-oren-ru.xml"] = new(10, "В Бузулуке главные стройплощадки – детсад и Ледовый дворец", "2014-01-22T14:31:31Z"),
    };

    private static string FeedsDir => Path.Combine(Paths.Corpus, "feeds");

    private static List<string> Files() =>
        [.. Directory.EnumerateFiles(FeedsDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(FeedsDir, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    public static TheoryData<string> CorpusFiles() => new(Files());

    [Fact]
    public void Every_file_in_the_feed_corpus_has_an_expectation()
    {
        var files = Files();
        Assert.Equal(40, files.Count);
        Assert.DoesNotContain(files, f => !Expected.ContainsKey(f));
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void A_corpus_feed_is_read_with_its_items_title_and_date_or_fails_clearly(string file)
    {
        var expect = Expected[file];
        var bytes = File.ReadAllBytes(Path.Combine(FeedsDir, file));

        if (expect.Failure is not null)
        {
            var ex = Assert.Throws<FeedReadException>(() => FeedParser.Parse(bytes));
            Assert.Contains(expect.Failure, ex.Message, StringComparison.Ordinal);
            return;
        }

        var feed = FeedParser.Parse(bytes);
        var items = FeedSource.ToItems(feed, new Uri("https://feeds.example/feed.xml"), official: false, defaultLanguage: null, evidence: null);

        Assert.Equal(expect.Items, items.Count);
        if (expect.FirstTitle is not null)
        {
            Assert.StartsWith(expect.FirstTitle, items[0].Fields["title"], StringComparison.Ordinal);
        }

        if (expect.FirstDate is not null)
        {
            Assert.Equal(expect.FirstDate, items[0].Fields["published"]);
        }

        if (expect.Language is not null)
        {
            Assert.Equal(expect.Language, items[0].Language);
        }

        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace(i.ItemKey)));
    }

    [Fact]
    public void A_feed_in_windows_1251_is_read_with_its_cyrillic_titles()
    {
        var feed = FeedParser.Parse(File.ReadAllBytes(Path.Combine(FeedsDir, "rss20-windows-1251-oren-ru.xml")));

        Assert.Equal("Новости Оренбурга и области / Раздел Новости", feed.Title);
        Assert.All(feed.Entries, e => Assert.Matches("[А-Яа-я]", e.Title));
    }

    [Fact]
    public void An_undeclared_shift_jis_feed_is_recognised_by_its_bytes()
    {
        var feed = FeedParser.Parse(File.ReadAllBytes(Path.Combine(FeedsDir, "feedparser-malformed/chardet_shiftjis.xml")));

        Assert.StartsWith("色々調べてたら、MT3.2がRSS1.0をサポートしていないことが判明。", feed.Entries[0].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_greek_date_in_iso_8859_7_is_read()
    {
        var feed = FeedParser.Parse(File.ReadAllBytes(Path.Combine(FeedsDir, "feedparser-malformed/http_high_bit_date.xml")));

        Assert.Equal(new DateTimeOffset(2004, 6, 29, 12, 53, 0, TimeSpan.Zero), feed.Updated);
    }

    [Fact]
    public void A_two_digit_year_and_a_four_digit_time_are_read()
    {
        var feed = FeedParser.Parse(File.ReadAllBytes(Path.Combine(FeedsDir, "rss092-nonrfc822-dates.xml")));

        Assert.Equal(new DateTimeOffset(2002, 4, 3, 15, 0, 0, TimeSpan.Zero), feed.Updated);
    }

    [Fact]
    public void A_unix_timestamp_is_a_date()
    {
        Assert.Equal(new DateTimeOffset(2018, 2, 12, 23, 42, 14, TimeSpan.Zero), FeedDates.Parse("1518478934"));
        Assert.Equal(new DateTimeOffset(2018, 2, 12, 23, 42, 14, TimeSpan.Zero), FeedDates.Parse(" 1518478934\n"));
    }

    [Theory]
    [InlineData("Di, 15 Okt 2024 08:30:00 +0200", "2024-10-15T06:30:00Z")]
    [InlineData("mar., 15 févr. 2022 10:00:00 GMT", "2022-02-15T10:00:00Z")]
    [InlineData("Вт, 14 янв 2025 09:00:00 +0300", "2025-01-14T06:00:00Z")]
    [InlineData("Wed, 03 Jan 2018 13:47:00 GMT\n      ", "2018-01-03T13:47:00Z")]
    [InlineData("2025-03-04T05:06:07.123+09:00", "2025-03-03T20:06:07Z")]
    public void Dates_in_other_forms_and_languages_are_read(string text, string expected)
    {
        Assert.Equal(expected, FeedDates.Format(FeedDates.Parse(text)!.Value));
    }

    [Fact]
    public void An_unescaped_ampersand_does_not_lose_the_items_after_it()
    {
        var feed = FeedParser.Parse(File.ReadAllBytes(Path.Combine(FeedsDir, "malformed-rss20-unescaped-ampersand.xml")));

        Assert.True(feed.Recovered);
        Assert.Equal(["Good Item", "Bad Item", "Item After Error"], feed.Entries.Select(e => e.Title));
        Assert.Equal("http://example.com/bad?foo=1&bar=2", feed.Entries[1].Link);
    }

    [Fact]
    public void A_link_with_an_escaped_ampersand_and_an_unclosed_root_keeps_both_parameters()
    {
        var feed = FeedParser.Parse(File.ReadAllBytes(Path.Combine(FeedsDir, "feedparser-malformed/rss_item_link_corrupted_ampersands.xml")));

        Assert.Equal("http://link/get?a=1&b=2", feed.Entries.Single().Link);
    }

    [Fact]
    public void Items_nested_in_items_are_not_counted_as_items()
    {
        var feed = FeedParser.Parse(File.ReadAllBytes(Path.Combine(FeedsDir, "malformed-rss20-pcmag-illegally-nested.xml")));

        Assert.Equal(10, feed.Entries.Count);
        Assert.All(feed.Entries, e => Assert.NotEqual("", e.Title));
    }

    [Fact]
    public void Smart_quotes_sent_as_c1_characters_become_quotes_and_broken_utf8_is_kept_readable()
    {
        var demoronized = FeedParser.Parse(File.ReadAllBytes(Path.Combine(FeedsDir, "feedparser-malformed/demoronize-1.xml")));
        var noise = FeedParser.Parse(File.ReadAllBytes(Path.Combine(FeedsDir, "feedparser-malformed/bozo_linenoise.xml")));

        Assert.Equal("don’t", demoronized.Entries.Single().Summary);
        Assert.StartsWith("’<>”", noise.Entries.Single().Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_links_are_resolved_and_tracking_parameters_removed()
    {
        var feed = FeedParser.Parse(File.ReadAllBytes(Path.Combine(Paths.Corpus, "feeds", "feedparser-examples/atom03.xml")));
        var items = FeedSource.ToItems(feed, new Uri("https://feeds.example/a.xml"), official: true, defaultLanguage: null, evidence: null);

        Assert.Equal("http://example.org/entry/3", items[0].Url);
        Assert.Equal("https://ustr.gov/about/press?id=7", Links.Normalize("https://USTR.gov/about/press?utm_source=rss&id=7&fbclid=x&gclid=y#top", null));
        Assert.Equal("https://www.mofcom.gov.cn/article/a.shtml", Links.Normalize("/article/a.shtml;jsessionid=ABC123", new Uri("https://www.mofcom.gov.cn/list/")));
    }
}
