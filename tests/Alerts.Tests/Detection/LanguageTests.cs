using Alerts.Core.Detection;
using Alerts.Core.Sources;

namespace Alerts.Tests.Detection;

/// <summary>
/// Codes and named products count in any language; Korean, traditional Chinese, German, French, Italian and Spanish news
/// is read in its own words, with the same word-boundary care as English (headlines written after real ones).
/// </summary>
public sealed class LanguageTests
{
    private static readonly DictionaryClassifier Classifier = new(ClassifierDictionary.BuiltIn());

    private static Classification News(string language, string title, string? summary = null)
    {
        var source = new SourceDefinition { Id = "news-" + language, Kind = "feed", Jurisdiction = "other", Official = false, DefaultBaseUrl = "https://example.invalid" };
        return Classifier.Classify(new ClassificationInput(source, ChangeType.Added, title, summary, "News", new Dictionary<string, string> { ["title"] = title }, [], language));
    }

    private static List<string> Hits(string text)
    {
        var hits = new List<TermHit>();
        Classifier.Matcher.Match(text, hits);
        return [.. hits.Select(h => h.Term.Term)];
    }

    [Fact]
    public void Latin_codes_and_product_names_match_next_to_Chinese_Japanese_and_Korean_characters()
    {
        Assert.Contains("H20", Hits("英伟达H20芯片恢复对华销售"));
        Assert.Contains("3A090", Hits("对3A090物项实施管制"));
        Assert.Contains("HBM", Hits("HBM은 수출통제 대상"));
        Assert.Contains("ASML", Hits("ASML의 노광장비"));
        // A code is still not inside a longer number, in any script.
        Assert.DoesNotContain("8542", Hits("编号2025-08542的文件"));
    }

    [Fact]
    public void Codes_and_citations_count_in_a_language_the_dictionary_does_not_know()
    {
        // Polish: no Polish term in the dictionary, but the ECCNs and the CFR citation are evidence in any language.
        var c = News("pl", "USA: nowe przepisy dotyczące 3A090 i 4A090 w 15 CFR 744");

        Assert.Contains("ai-chips", c.Topics);
        Assert.Contains(c.Matched, m => m.StartsWith("ai-chips:3A090", StringComparison.Ordinal));
        // The same product names without a code or a policy word are business news.
        Assert.Empty(News("pl", "Nvidia H20: rekordowa sprzedaż w Chinach").Topics);
    }

    [Theory]
    [InlineData("de", "USA verschärfen Exportkontrollen für KI-Chips nach China", "ai-chips,export-licensing")]
    [InlineData("de", "Trump verhängt Zölle von 100 Prozent auf Halbleiter-Importe", "tariffs")]
    [InlineData("de", "Peking verhängt Ausfuhrbeschränkungen für Gallium und Germanium", "critical-minerals,export-licensing")]
    [InlineData("fr", "Washington durcit les contrôles à l'exportation de puces d'IA vers la Chine", "ai-chips,export-licensing")]
    [InlineData("fr", "Washington durcit les contrôles à l’exportation de puces d’IA vers la Chine", "ai-chips,export-licensing")]
    [InlineData("fr", "Droits de douane de 25 % sur les semi-conducteurs importés", "tariffs")]
    [InlineData("it", "Dazi del 25% sui semiconduttori: la nuova misura di Trump", "tariffs")]
    [InlineData("it", "La Cina annuncia restrizioni all'esportazione di terre rare", "critical-minerals,export-licensing")]
    [InlineData("es", "Estados Unidos impone aranceles a los chips importados de China", "tariffs")]
    [InlineData("es", "Pekín anuncia controles a la exportación de tierras raras y de litografía", "chip-equipment,critical-minerals,export-licensing")]
    [InlineData("ko", "미국 상무부, 엔비디아 H20 중국 수출 통제 강화", "ai-chips,export-licensing")]
    [InlineData("ko", "트럼프, 반도체에 100% 관세 부과 발표", "tariffs")]
    [InlineData("ko", "중국, 갈륨·게르마늄 수출 금지", "critical-minerals,export-licensing")]
    [InlineData("zh-TW", "美國商務部擴大AI晶片出口管制，輝達H20須申請許可證", "ai-chips,export-licensing")]
    [InlineData("zh-TW", "川普宣布對半導體課徵100%關稅", "tariffs")]
    [InlineData("zh-TW", "中國商務部將美國企業列入不可靠實體清單", "china-countermeasures")]
    public void News_in_each_language_is_classified_from_its_own_words(string language, string title, string topics)
    {
        var c = News(language, title);

        Assert.Equal(topics.Split(','), c.Topics);
    }

    [Theory]
    [InlineData("de", "Zölle auf Kartoffelchips aus Belgien steigen")] // "chips" inside Kartoffelchips is not a chip
    [InlineData("de", "Zeche Zollverein meldet Besucherrekord")] // Zoll inside a place name
    [InlineData("de", "Kartellamt: Antimonopolverfahren gegen Nvidia eingestellt")] // Antimon inside Antimonopol
    [InlineData("de", "Neues 17-Zoll-Notebook mit schnellerem Chip vorgestellt")] // Zoll is also an inch
    [InlineData("fr", "Les droits de douane sur le vin inquiètent le marché aux puces de Saint-Ouen")] // puces: fleas
    [InlineData("it", "Nuove tariffe telefoniche per gli smartphone con chip 5G")] // tariffe: phone plans, not duties
    [InlineData("es", "Aranceles al aceite de oliva español: Bruselas responde")] // duties, but not on chips
    [InlineData("ko", "삼성전자 반도체 실적 호조, 주가 상승")] // chip earnings are not policy
    [InlineData("zh-TW", "台積電公布第三季財報，營收創新高")] // nor in traditional Chinese
    public void Look_alike_words_and_business_news_in_those_languages_get_no_topic(string language, string title)
    {
        var c = News(language, title);

        Assert.Empty(c.Topics);
    }

    [Fact]
    public void The_US_Entity_List_inside_China_s_unreliable_entity_list_is_not_matched_in_traditional_Chinese_either()
    {
        var c = News("zh-TW", "商務部：將17家美國實體列入不可靠實體清單");

        Assert.Contains("china-countermeasures", c.Topics);
        Assert.DoesNotContain("entity-list", c.Topics);
    }

    [Fact]
    public void Who_acts_is_read_from_the_new_languages()
    {
        Assert.Equal("US", News("ko", "미국 상무부, 엔비디아 H20 중국 수출 통제 강화").Jurisdiction);
        Assert.Equal("US", News("zh-TW", "美國商務部擴大AI晶片出口管制").Jurisdiction);
        Assert.Equal("CN", News("de", "Peking verhängt Ausfuhrbeschränkungen für Gallium und Germanium").Jurisdiction);
        Assert.Equal("TW", News("zh-TW", "經濟部國際貿易署將華為、中芯列入戰略性高科技貨品實體管理名單").Jurisdiction);
    }
}
