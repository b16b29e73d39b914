using Alerts.Core.Detection;
using Alerts.Core.Sources;

namespace Alerts.Tests.Detection;

/// <summary>Proclamations and executive orders that adjust imports, modify the HTS or set duty rates are tariff actions from their own wording.</summary>
public sealed class TariffActionTests
{
    private static readonly DictionaryClassifier Classifier = new(ClassifierDictionary.BuiltIn());

    private static Classification Fr(string type, string title, string @abstract = "", string action = "")
    {
        var source = new SourceDefinition { Id = "federal-register", Kind = "federal-register", Jurisdiction = "US", Official = true, DefaultBaseUrl = "https://example.invalid" };
        return Classifier.Classify(new ClassificationInput(source, ChangeType.Added, title, @abstract.Length > 0 ? @abstract : null, type,
            new Dictionary<string, string> { ["title"] = title, ["abstract"] = @abstract, ["type"] = type, ["action"] = action, ["citation"] = "91 FR 1234" },
            [], "en", "2026-00001", ["FR:2026-00001"]));
    }

    [Fact]
    public void A_proclamation_adjusting_imports_of_chips_and_their_equipment_is_a_tariff_action_without_the_word_tariff()
    {
        var c = Fr("Presidential Document", "Adjusting Imports of Semiconductors, Semiconductor Manufacturing Equipment, and Their Derivative Products Into the United States");

        Assert.Equal(["chip-equipment", "tariffs"], c.Topics);
        Assert.Contains("tariffs:adjusting imports@title", c.Matched);
        Assert.Contains(c.Severity, new[] { Severity.High, Severity.Critical });
    }

    [Fact]
    public void An_order_imposing_duties_on_all_products_of_a_country_is_a_tariff_action_though_it_names_no_chip()
    {
        var c = Fr("Presidential Document", "Imposing Duties To Address the Situation at Our Northern Border",
            "Executive Order 14193 imposes an additional 25 percent ad valorem rate of duty on all products of Canada under the International Emergency Economic Powers Act.");

        Assert.Equal(["tariffs"], c.Topics);
        Assert.Contains(c.Matched, m => m.StartsWith("economy-wide:", StringComparison.Ordinal));
    }

    [Fact]
    public void An_annex_of_chapter_99_headings_that_names_the_chip_headings_carries_tariffs()
    {
        var c = Fr("Presidential Document", "Further Modifying the Scope of Duties",
            "Annex I amends the HTSUS by inserting new heading 9903.79.10 covering articles classified in subheadings 8542.31.00 and 8486.20.00.");

        Assert.Contains("tariffs", c.Topics);
        Assert.Contains("chip-equipment", c.Topics);
    }

    [Theory]
    [InlineData("Presidential Document", "Adjusting Imports of Timber, Lumber, and Their Derivative Products Into the United States")]
    [InlineData("Presidential Document", "Adjusting Imports of Copper Into the United States")]
    [InlineData("Notice", "Certain Steel Nails From the People's Republic of China: Final Results of Antidumping Duty Administrative Review; 2023-2024")]
    [InlineData("Rule", "Duty-Free Treatment of Certain Agricultural Products Under the African Growth and Opportunity Act")]
    public void Tariff_actions_on_goods_other_than_chips_and_minerals_are_not_chip_tariffs(string type, string title)
    {
        Assert.Empty(Fr(type, title).Topics);
    }

    [Fact]
    public void A_proclamation_on_processed_critical_minerals_is_tariffs_and_critical_minerals()
    {
        var c = Fr("Presidential Document", "Adjusting Imports of Processed Critical Minerals and Their Derivative Products Into the United States");

        Assert.Equal(["critical-minerals", "tariffs"], c.Topics);
    }
}
