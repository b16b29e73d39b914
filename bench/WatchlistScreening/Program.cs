using System.Diagnostics;
using System.Globalization;
using Alerts.Core.Sources.ScreeningList;
using Alerts.Core.Watchlists;
using WatchlistScreeningBench;

// Screening 10,000 watchlist counterparties against one Entity List rule of 50 entries and against a whole list of
// 3,500 entries (about the size of the Entity List, MEU and UVL together), through the same NameIndex the service uses,
// with a baseline that scores every pair of the 50-entry rule. Names are built from real name parts (places, distinctive
// words of three syllables out of 60, industry words, legal forms in several languages), seeded, so every run screens
// the same data; one listed entry in five is a watched name written differently, so there are matches to find.
// Run: dotnet run -c Release --project bench/WatchlistScreening [-- watched listed]
var watchedCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var listCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3_500;
var random = new Random(42);
string[] places = ["Shenzhen", "Beijing", "Shanghai", "Hangzhou", "Wuhan", "Tianjin", "Chengdu", "Xian", "Moscow", "Tehran", "Dubai", "Hong Kong", "Singapore", "Minsk", "Istanbul", ""];
string[] syllables = ["hua", "wei", "xin", "tong", "kang", "da", "jiang", "zhong", "xing", "long", "yuan", "sheng", "tian", "hai", "rui", "feng", "bo", "ming", "an", "li",
    "kor", "vel", "tek", "nor", "sar", "mir", "pol", "zan", "ros", "atl", "chen", "guo", "jin", "peng", "qi", "shan", "wu", "yang", "zhi", "hong", "ka", "ri", "vo",
    "dmi", "sta", "bel", "gor", "lin", "mar", "tor", "ven", "zar", "kir", "mos", "pet", "rad", "sev", "tul", "ural", "vol"];
string[] industry = ["Technology", "Electronics", "Semiconductor", "Microelectronics", "Trading", "Import and Export", "Precision Machinery", "Optical",
    "Information Technology", "Aerospace", "Materials", "Research Institute", "Industrial", ""];
string[] legal = ["Co., Ltd.", "Company Limited", "LLC", "Inc.", "Corporation", "GmbH", "JSC", "OOO", "S.A.", "B.V.", "FZE", "Ltd", "有限公司", ""];
string[] countries = ["CN", "CN", "CN", "HK", "RU", "IR", "AE", "SG", "BY", "TR"];

string Word() => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(string.Concat(Enumerable.Range(0, 3).Select(_ => syllables[random.Next(syllables.Length)])));
string Name() => string.Join(' ', new[]
{
    places[random.Next(places.Length)], Word(), random.Next(3) == 0 ? Word() : "", industry[random.Next(industry.Length)], legal[random.Next(legal.Length)]
}.Where(p => p.Length > 0));

var watched = Enumerable.Range(0, watchedCount)
    .Select(i => PreparedParty.Of(new Party("w" + i, Name(), random.Next(5) == 0 ? [Word() + " " + industry[random.Next(industry.Length)]] : [], [countries[random.Next(countries.Length)]])))
    .ToList();
PreparedParty Listed(int i) => i % 5 == 0
    ? PreparedParty.Of(new Party(
        "l" + i, watched[random.Next(watched.Count)].Party.Name.ToUpperInvariant().Replace(",", "", StringComparison.Ordinal), [Word()], [countries[random.Next(countries.Length)]]))
    : PreparedParty.Of(new Party("l" + i, Name(), [Name()], [countries[random.Next(countries.Length)]]));
var rule = Enumerable.Range(0, 50).Select(Listed).ToList();
var list = Enumerable.Range(0, listCount).Select(Listed).ToList();
var matcher = new NameMatcher();
Console.WriteLine($"{watched.Count} watched counterparties, a rule of {rule.Count} listed entries, a list of {list.Count}; threshold {matcher.Threshold}; {Environment.ProcessorCount} cores");

// The whole current list as the repository has it: the Consolidated Screening List fixtures (EL, MEU and UVL rows).
var corpus = Environment.GetEnvironmentVariable("ALERTS_CORPUS") is { Length: > 0 } c ? c : Path.Combine(FindRoot(), "tests", "fixtures", "corpus");
var lists = new HashSet<string>(["EL", "MEU", "UVL"], StringComparer.Ordinal);
var fixture = ScreeningListSource.ParseCsv("csl", File.ReadAllBytes(Path.Combine(corpus, "trade-gov-csl", "csl-consolidated-current-format-sample.csv")), lists)
    .Concat(ScreeningListSource.ParseJson("csl", File.ReadAllBytes(Path.Combine(corpus, "trade-gov-csl", "csl-api-v2-entity-list-results-fixture.json")), lists))
    .Select(i => WatchlistScreening.Listed("csl", i.ItemKey, i.Title, i.Url, i.Fields).Party)
    .ToList();

var checksum = 0L;
var medians = new Dictionary<string, double>(StringComparer.Ordinal);
void Run(string key, string name, Func<long> body, int runs = 5)
{
    if (runs > 1)
    {
        body(); // warm up (JIT, tiered compilation); a single long run is its own warm-up
    }
    var times = new List<double>();
    long result = 0;
    for (var r = 0; r < runs; r++)
    {
        var sw = Stopwatch.StartNew();
        result = body();
        times.Add(sw.Elapsed.TotalMilliseconds);
    }

    checksum += result;
    var median = times.Order().ElementAt(times.Count / 2);
    medians[key] = median;
    Console.WriteLine($"| {name,-66} | {median,10:0.0} ms | {result,8} |");
}

Console.WriteLine($"| {"what",-66} | {"median",13} | {"matches",8} |");
Console.WriteLine($"|{new string('-', 68)}|{new string('-', 15)}:|{new string('-', 9)}:|");
NameIndex? index = null;
Run("index", $"normalise and index {watched.Count} watched entries", () =>
{
    var prepared = watched.Select(w => PreparedParty.Of(w.Party)).ToList();
    index = new NameIndex(matcher, prepared);
    return index.Count;
});

// The previous blocking, for the ratio: every shared key lets its parties through, however many share it.
var legacy = new Dictionary<string, List<int>>(StringComparer.Ordinal);
for (var i = 0; i < watched.Count; i++)
{
    foreach (var key in watched[i].Names.SelectMany(NameIndex.Keys).Distinct(StringComparer.Ordinal))
    {
        (legacy.TryGetValue(key, out var l) ? l : legacy[key] = []).Add(i);
    }
}

long LegacyScreen(PreparedParty probe)
{
    var candidates = new HashSet<int>();
    foreach (var key in probe.Names.SelectMany(NameIndex.Keys))
    {
        if (legacy.TryGetValue(key, out var l))
        {
            candidates.UnionWith(l);
        }
    }

    return candidates.Count(i => matcher.Match(watched[i], probe) is not null);
}

Run("rule", $"screen a {rule.Count}-entry rule (rare-key candidates)", () => rule.Sum(l => (long)index!.Screen(l).Count));
Run("legacy", $"baseline: the same rule, previous blocking (every shared key)", () => rule.Sum(LegacyScreen));
Run("all", $"baseline: score all {watched.Count:N0} x {rule.Count} pairs of the rule", () => rule.Sum(l => (long)watched.Count(w => matcher.Match(w, l) is not null)), runs: 3);
Run("fixture", $"screen the whole current list fixture ({fixture.Count} EL/MEU/UVL entries)", () => fixture.Sum(l => (long)index!.Screen(l).Count));
Run("list", $"screen a synthetic list of {list.Count} entries", () => list.Sum(l => (long)index!.Screen(l).Count), runs: 3);

// The scorer as it was before (allocating comparisons, every candidate explained), on the same candidates: the ratio of
// the whole-list screening. Both must find the same matches.
var previous = new PreviousNameMatcher();
long PreviousScreen(PreparedParty probe) => index!.Candidates(probe).Count(i => previous.Match(watched[i], probe) is not null);
Run("rule-previous", $"baseline: the {rule.Count}-entry rule, previous scorer", () => rule.Sum(PreviousScreen), runs: 3);
Run("list-previous", $"baseline: the synthetic list, previous scorer (one run)", () => list.Sum(PreviousScreen), runs: 1);
Console.WriteLine();
Console.WriteLine(
    $"candidates per rule entry: {rule.Average(l => index!.Candidates(l).Count):0.0} (common-key limit {index!.CommonKeyLimit}); " +
    $"previous blocking: {rule.Average(l => l.Names.SelectMany(NameIndex.Keys).SelectMany(k => legacy.TryGetValue(k, out var x) ? x : []).Distinct().Count()):0.0}");
Console.WriteLine($"ratio: rule screening is {medians["legacy"] / medians["rule"]:0.0}x faster than the previous blocking and {medians["all"] / medians["rule"]:0.0}x faster than scoring every pair");
Console.WriteLine($"candidates per synthetic list entry: {list.Average(l => index!.Candidates(l).Count):0.0}");
Console.WriteLine($"ratio: the whole-list screening is {medians["list-previous"] / medians["list"]:0.0}x faster than with the previous scorer, "
    + $"the rule {medians["rule-previous"] / medians["rule"]:0.0}x");
Console.WriteLine($"checksum {checksum}");

static string FindRoot()
{
    var d = new DirectoryInfo(AppContext.BaseDirectory);
    while (d is not null && !File.Exists(Path.Combine(d.FullName, "Alerts.sln")))
    {
        d = d.Parent;
    }

    return d?.FullName ?? Directory.GetCurrentDirectory();
}
