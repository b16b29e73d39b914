using Alerts.Core.Sources.Feeds;

namespace Alerts.Tests.Sources.Feeds;

/// <summary>Cases the corpus does not hold, written in the formats' own shapes.</summary>
public sealed class FeedParserTests
{
    private static List<Alerts.Core.Sources.SourceItem> Items(string xml) =>
        FeedSource.ToItems(FeedParser.Parse(Encoding.UTF8.GetBytes(xml)), new Uri("https://ustr.gov/rss.xml"), official: true, defaultLanguage: null, evidence: null);

    [Fact]
    public void Item_identity_falls_back_from_guid_to_link_to_title_and_date()
    {
        var items = Items("""
            <rss version="2.0"><channel><title>t</title>
              <item><title>A</title><link>https://ustr.gov/a</link><guid isPermaLink="false">guid-a</guid></item>
              <item><title>B</title><link>https://ustr.gov/b?utm_source=rss</link></item>
              <item><title>C</title><pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate></item>
              <item><title>C</title><pubDate>Tue, 07 Jan 2025 10:00:00 GMT</pubDate></item>
            </channel></rss>
            """);

        Assert.Equal("guid-a", items[0].ItemKey);
        Assert.Equal("https://ustr.gov/b", items[1].ItemKey);
        Assert.StartsWith("title:", items[2].ItemKey, StringComparison.Ordinal);
        Assert.NotEqual(items[2].ItemKey, items[3].ItemKey);
        Assert.Equal(items[2].ItemKey, Items("""<rss version="2.0"><channel><item><title>C</title><pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate></item></channel></rss>""")[0].ItemKey);
    }

    [Fact]
    public void Html_entities_that_xml_does_not_define_are_read_as_their_characters()
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>Caf&eacute;&nbsp;news</title>
            <item><title>R&egrave;glement (UE) 2021/821 &mdash; annexe I</title><link>https://policy.trade.ec.europa.eu/a?x=1&y=2</link></item>
            </channel></rss>
            """));

        Assert.True(feed.Recovered);
        Assert.Equal("Café news", feed.Title);
        Assert.Equal("Règlement (UE) 2021/821 — annexe I", feed.Entries.Single().Title);
        Assert.Equal("https://policy.trade.ec.europa.eu/a?x=1&y=2", feed.Entries.Single().Link);
    }

    [Fact]
    public void An_atom_feed_with_xml_lang_and_xhtml_content_gives_the_language_and_plain_text()
    {
        var items = Items("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">
              <title>METI</title>
              <entry><id>tag:meti.go.jp,2025:1</id><title type="html">&lt;b&gt;輸出管理&lt;/b&gt;の改正</title>
                <link rel="alternate" href="https://www.meti.go.jp/press/2025/01/a.html"/>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>先端半導体</p><p>製造装置</p></div></content>
                <updated>2025-01-15T09:00:00+09:00</updated></entry>
            </feed>
            """);

        var item = Assert.Single(items);
        Assert.Equal("ja", item.Language);
        Assert.Equal("輸出管理 の改正", item.Title);
        Assert.Equal("先端半導体 製造装置", item.Summary);
        Assert.Equal("2025-01-15T00:00:00Z", item.Fields["published"]);
    }

    [Fact]
    public void A_document_that_is_xml_but_not_a_feed_is_a_clear_failure()
    {
        var ex = Assert.Throws<FeedReadException>(() => FeedParser.Parse("<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code></Error>"u8));

        Assert.Contains("not a feed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("<Error>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_feed_declaring_an_internal_entity_is_refused_even_when_harmless()
    {
        var ex = Assert.Throws<FeedReadException>(() => FeedParser.Parse("""
            <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY who "USTR">]><rss version="2.0"><channel><item><title>&who;</title></item></channel></rss>
            """u8));

        Assert.Contains("DTD", ex.Message, StringComparison.Ordinal);
    }
}
