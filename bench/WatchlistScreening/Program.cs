using System.Diagnostics;
using System.Globalization;
using Alerts.Core.Watchlists;

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
string[] industry = ["Technology", "Electronics", "Semiconductor", "Microelectronics", "Trading", "Import and Export", "Precision Machinery", "Optical", "Information Technology", "Aerospace", "Materials", "Research Institute", "Industrial", ""];
string[] legal = ["Co., Ltd.", "Company Limited", "LLC", "Inc.", "Corporation", "GmbH", "JSC", "OOO", "S.A.", "B.V.", "FZE", "Ltd", "有限公司", ""];
string[] countries = ["CN", "CN", "CN", "HK", "RU", "IR", "AE", "SG", "BY", "TR"];

string Word() => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(string.Concat(Enumerable.Range(0, 3).Select(_ => syllables[random.Next(syllables.Length)])));
string Name() => string.Join(' ', new[] { places[random.Next(places.Length)], Word(), random.Next(3) == 0 ? Word() : "", industry[random.Next(industry.Length)], legal[random.Next(legal.Length)] }.Where(p => p.Length > 0));

var watched = Enumerable.Range(0, watchedCount).Select(i => PreparedParty.Of(new Party("w" + i, Name(), random.Next(5) == 0 ? [Word() + " " + industry[random.Next(industry.Length)]] : [], [countries[random.Next(countries.Length)]]))).ToList();
PreparedParty Listed(int i) => i % 5 == 0
    ? PreparedParty.Of(new Party("l" + i, watched[random.Next(watched.Count)].Party.Name.ToUpperInvariant().Replace(",", "", StringComparison.Ordinal), [Word()], [countries[random.Next(countries.Length)]]))
    : PreparedParty.Of(new Party("l" + i, Name(), [Name()], [countries[random.Next(countries.Length)]]));
var rule = Enumerable.Range(0, 50).Select(Listed).ToList();
var list = Enumerable.Range(0, listCount).Select(Listed).ToList();
var matcher = new NameMatcher();
Console.WriteLine($"{watched.Count} watched counterparties, a rule of {rule.Count} listed entries, a list of {list.Count}; threshold {matcher.Threshold}; {Environment.ProcessorCount} cores");

var checksum = 0L;
void Run(string name, int pairs, Func<long> body)
{
    body(); // warm up (JIT, tiered compilation)
    var times = new List<double>();
    long result = 0;
    for (var r = 0; r < 5; r++)
    {
        var sw = Stopwatch.StartNew();
        result = body();
        times.Add(sw.Elapsed.TotalMilliseconds);
    }

    checksum += result;
    var median = times.Order().ElementAt(times.Count / 2);
    Console.WriteLine($"| {name,-62} | {median,10:0.0} ms | {result,8} |");
}

Console.WriteLine($"| {"what",-62} | {"median of 5",13} | {"matches",8} |");
Console.WriteLine($"|{new string('-', 64)}|{new string('-', 15)}:|{new string('-', 9)}:|");
NameIndex? index = null;
Run($"normalise and index {watched.Count} watched entries", 0, () =>
{
    var prepared = watched.Select(w => PreparedParty.Of(w.Party)).ToList();
    index = new NameIndex(matcher, prepared);
    return index.Count;
});
Run($"screen a {rule.Count}-entry rule (index built)", 0, () => rule.Sum(l => (long)index!.Screen(l).Count));
Run($"screen the whole list of {list.Count} entries (index built)", 0, () => list.Sum(l => (long)index!.Screen(l).Count));
Run($"baseline: score all {watched.Count:N0} x {rule.Count} pairs of the rule", 0, () => rule.Sum(l => (long)watched.Count(w => matcher.Match(w, l) is not null)));
Console.WriteLine($"checksum {checksum}");
