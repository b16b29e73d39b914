using Alerts.Core.Watchlists;
using Xunit.Abstractions;

namespace Alerts.Tests.Watchlists;

/// <summary>One labelled pair of Fixtures/watchlists/name-pairs.jsonl: a watched name, a listed entry, and whether they are the same party.</summary>
public sealed record NamePair(string Watched, string Listed, bool Match, string Kind, string? WatchedCountry = null, string? ListedCountry = null, List<string>? ListedAliases = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static List<NamePair> Load() =>
        [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "watchlists", "name-pairs.jsonl"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonSerializer.Deserialize<NamePair>(l, Json)!)];

    public PreparedParty WatchedParty => PreparedParty.Of(new Party("w", Watched, [], WatchedCountry is null ? [] : [WatchedCountry]));

    public PreparedParty ListedParty => PreparedParty.Of(new Party("l", Listed, ListedAliases ?? [], ListedCountry is null ? [] : [ListedCountry]));
}

public sealed class NameMatchingTests(ITestOutputHelper output)
{
    private static readonly NameMatcher Matcher = new();

    [Fact]
    public void Precision_and_recall_on_the_labelled_set_hold_their_floor_at_the_default_threshold()
    {
        var pairs = NamePair.Load();
        Assert.True(pairs.Count >= 200, $"the labelled set has {pairs.Count} pairs");
        int tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var p in pairs)
        {
            var best = Matcher.Best(p.WatchedParty, p.ListedParty);
            var predicted = best is not null && best.Score >= Matcher.Threshold;
            (tp, fp, fn, tn) = (p.Match, predicted) switch
            {
                (true, true) => (tp + 1, fp, fn, tn),
                (false, true) => (tp, fp + 1, fn, tn),
                (true, false) => (tp, fp, fn + 1, tn),
                _ => (tp, fp, fn, tn + 1),
            };
            if (p.Match != predicted)
            {
                output.WriteLine($"{(p.Match ? "missed" : "false match")} [{p.Kind}] {best?.Score:0.000} '{p.Watched}' vs '{p.Listed}' ({best?.Method}: {string.Join(", ", best?.Tokens ?? [])})");
            }
        }

        var precision = tp / (double)(tp + fp);
        var recall = tp / (double)(tp + fn);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{pairs.Count} pairs ({tp + fn} true, {fp + tn} negative) at threshold {Matcher.Threshold}: precision {precision:0.000}, recall {recall:0.000} (tp {tp}, fp {fp}, fn {fn}, tn {tn})"));
        foreach (var kind in pairs.GroupBy(p => p.Kind))
        {
            var right = kind.Count(p => (Matcher.Best(p.WatchedParty, p.ListedParty)?.Score ?? 0) >= Matcher.Threshold == p.Match);
            output.WriteLine($"  {kind.Key}: {right}/{kind.Count()} right");
        }

        Assert.True(precision >= 0.93, $"precision {precision:0.000}");
        Assert.True(recall >= 0.93, $"recall {recall:0.000}");
    }

    [Theory]
    [InlineData("Huawei Technologies Co., Ltd.", "huawei technologies")]
    [InlineData("HUAWEI TECHNOLOGIES CO.,LTD.", "huawei technologies")]
    [InlineData("Siemens Aktiengesellschaft", "siemens")]
    [InlineData("Müller GmbH & Co. KG", "muller")]
    [InlineData("TNK Trading International S.A.", "tnk trading international")]
    [InlineData("ASML Holding B.V.", "asml")]
    [InlineData("Aselsan Elektronik Sanayi ve Ticaret A.Ş.", "aselsan elektronik")]
    [InlineData("China Electronics Technology Group Corporation 13th Research Institute", "china electronics technology 13 research institute")]
    public void Legal_forms_case_punctuation_and_accents_are_normalised(string name, string tokens) =>
        Assert.Equal(tokens, string.Join(' ', NameNormalizer.Normalize(name).Tokens));

    [Theory]
    [InlineData("华为技术有限公司", "华为技术", "华为")]
    [InlineData("中芯国际集成电路制造股份有限公司", "中芯国际集成电路制造", "中芯集成电路制造")]
    [InlineData("杭州海康威视数字技术股份有限公司", "杭州海康威视数字技术", "海康威视")]
    [InlineData("株式会社東芝", "東芝", "東芝")]
    [InlineData("浪潮集团", "浪潮", "浪潮")]
    public void Chinese_and_Japanese_legal_forms_are_removed(string name, string core, string distinct)
    {
        var n = NameNormalizer.Normalize(name);
        Assert.Equal(core, n.Cjk);
        Assert.Equal(distinct, n.CjkDistinct);
    }

    [Fact]
    public void A_match_carries_its_score_and_the_tokens_that_made_it()
    {
        var watched = PreparedParty.Of(new Party("w1", "Fazel Rahim Farid", [], ["AF"]));
        var listed = PreparedParty.Of(new Party("el1", "Fazal Rahim Farid", ["Engineer Idris"], ["AF"]));

        var m = Matcher.Match(watched, listed);

        Assert.NotNull(m);
        Assert.Contains("rahim", m.Tokens);
        Assert.Contains("fazel~fazal", m.Tokens);
        Assert.Equal("same country AF", m.Country);
        Assert.True(m.Score > m.NameScore);
    }

    [Fact]
    public void The_lists_alternative_names_and_the_watched_aliases_are_both_used()
    {
        var watched = PreparedParty.Of(new Party("w1", "Our customer in Hebei", ["HSRI"], []));
        var listed = PreparedParty.Of(new Party("el1", "China Electronics Technology Group Corporation 13th Research Institute", ["Hebei Semiconductor Research Institute", "HSRI"], []));

        var m = Matcher.Match(watched, listed);

        Assert.NotNull(m);
        Assert.Equal("HSRI", m.WatchedName);
        Assert.Equal("HSRI", m.ListedName);
    }

    [Fact]
    public void Chinese_names_match_in_characters_and_in_pinyin()
    {
        var chars = Matcher.Match(PreparedParty.Of(new Party("w", "华为技术有限公司", [], [])), PreparedParty.Of(new Party("l", "Huawei Technologies Co., Ltd.", ["华为技术有限公司"], [])));
        var pinyin = Matcher.Match(PreparedParty.Of(new Party("w", "华为技术有限公司", [], [])), PreparedParty.Of(new Party("l", "Huawei Technologies Co., Ltd.", [], [])));

        Assert.Equal("characters", chars?.Method);
        Assert.Equal("pinyin", pinyin?.Method);
        Assert.Contains("huawei", pinyin!.Tokens[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_different_country_lowers_a_score_and_the_same_country_raises_it()
    {
        var listed = PreparedParty.Of(new Party("l", "Orion Technology", [], ["RU"]));
        var same = Matcher.Best(PreparedParty.Of(new Party("w", "Orion Technologies Trading", [], ["Russia"])), listed)!;
        var other = Matcher.Best(PreparedParty.Of(new Party("w", "Orion Technologies Trading", [], ["US"])), listed)!;

        Assert.Equal(same.NameScore, other.NameScore);
        Assert.True(same.Score > same.NameScore);
        Assert.True(other.Score < other.NameScore);
        Assert.True(same.Score >= Matcher.Threshold);
        Assert.True(other.Score < Matcher.Threshold);
    }

    [Fact]
    public void A_legal_form_in_chinese_after_a_latin_name_does_not_make_two_names_alike()
    {
        var a = PreparedParty.Of(new Party("a", "Shenzhen Huaxinkor Technology 有限公司", [], []));
        var b = PreparedParty.Of(new Party("b", "Moscow Velteknor Trading 有限公司", [], []));

        Assert.Equal("", NameNormalizer.Normalize("Shenzhen Huaxinkor Technology 有限公司").Cjk);
        Assert.Null(Matcher.Match(a, b));
    }

    [Fact]
    public void The_threshold_is_configurable()
    {
        var strict = new NameMatcher(new WatchlistOptions { MatchThreshold = 0.99 });
        var w = PreparedParty.Of(new Party("w", "Fazel Rahim Farid", [], []));
        var l = PreparedParty.Of(new Party("l", "Fazal Rahim Farid", [], []));

        Assert.NotNull(Matcher.Match(w, l));
        Assert.Null(strict.Match(w, l));
    }

    [Fact]
    public void The_index_finds_the_same_matches_as_comparing_every_pair()
    {
        var pairs = NamePair.Load();
        var watched = pairs.Select((p, i) => PreparedParty.Of(new Party("w" + i, p.Watched, [], p.WatchedCountry is null ? [] : [p.WatchedCountry]))).ToList();
        var listed = pairs.Select((p, i) => PreparedParty.Of(new Party("l" + i, p.Listed, p.ListedAliases ?? [], p.ListedCountry is null ? [] : [p.ListedCountry])))
            .DistinctBy(p => p.Party.Name + "|" + string.Join(';', p.Party.Aliases) + "|" + string.Join(';', p.Party.Countries)).ToList();
        var index = new NameIndex(Matcher, watched);

        var viaIndex = listed.SelectMany(l => index.Screen(l)).Select(m => (m.WatchedId, m.ListedId)).ToHashSet();
        var all = listed.SelectMany(l => watched.Select(w => Matcher.Match(w, l)).OfType<NameMatch>()).Select(m => (m.WatchedId, m.ListedId)).ToHashSet();

        output.WriteLine($"{all.Count} matches comparing every pair, {viaIndex.Count} through the index");
        foreach (var (w, l) in all.Except(viaIndex))
        {
            output.WriteLine($"  not found: '{watched.Single(p => p.Party.Id == w).Party.Name}' / '{listed.Single(p => p.Party.Id == l).Party.Name}'");
        }

        Assert.NotEmpty(all);
        Assert.Subset(all, viaIndex);
        Assert.True(viaIndex.Count >= all.Count * 0.98, $"the index found {viaIndex.Count} of {all.Count}");
    }
    [Fact]
    public void The_score_only_pass_of_a_match_agrees_with_the_explained_best_pair_on_every_labelled_pair_and_every_cross_pair()
    {
        var pairs = NamePair.Load();
        var watched = pairs.Select(p => p.WatchedParty).ToList();
        var listed = pairs.Select(p => p.ListedParty).ToList();
        var checkedPairs = 0;
        foreach (var w in watched)
        {
            foreach (var l in listed.Take(60))
            {
                var best = Matcher.Best(w, l);
                var match = Matcher.Match(w, l);
                static object? Shape(NameMatch? m) => m is null ? null : (m.Score, m.NameScore, m.WatchedName, m.ListedName, m.Method, m.Country, string.Join('|', m.Tokens));
                Assert.Equal(Shape(best is not null && best.Score >= Matcher.Threshold ? best : null), Shape(match));
                checkedPairs++;
            }
        }

        Assert.True(checkedPairs > 10_000);
    }

    [Fact]
    public void The_letter_count_bound_never_skips_a_pair_of_words_that_reaches_the_jaro_winkler_floor()
    {
        // Every pair of the labelled set's words and of their phonetic forms (the bound is the only reason a pair is skipped).
        var words = NamePair.Load().SelectMany(p => new[] { p.Watched, p.Listed }).Select(NameNormalizer.Normalize)
            .SelectMany(n => n.Tokens).Where(t => t.Length >= 4).SelectMany(t => new[] { t, NameMatcher.Skeleton(t) }).Distinct().ToList();
        var reaching = 0;
        foreach (var x in words)
        {
            foreach (var y in words)
            {
                if (NameMatcher.JaroWinkler(x, y) >= 0.9)
                {
                    reaching++;
                    Assert.True(NameMatcher.CanReach(x, y, NameMatcher.LetterCounts(x), NameMatcher.LetterCounts(y)), $"{x} / {y}");
                }
            }
        }

        Assert.True(reaching > words.Count, $"{reaching} pairs reach the floor");
    }
}
