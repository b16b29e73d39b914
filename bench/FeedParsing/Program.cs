// Feed parsing throughput: the whole feed corpus parsed N times by Alerts.Core's FeedParser (decoding, lenient
// recovery, text clean-up, items with fields) against a plain XmlReader pass over the same bytes in the same run
// (the floor). Files the plain XmlReader cannot read are skipped in both. Goal: within 3x of the floor.
// Usage: dotnet run -c Release --project bench/FeedParsing [-- <corpus/feeds dir> <iterations> <rounds>]
using System.Diagnostics;
using System.Globalization;
using System.Xml;
using Alerts.Core.Sources.Feeds;

var dir = args.Length > 0 ? args[0] : FindCorpus();
var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 9;

// The floor gets the legacy code pages too, so that it reads the windows-1251 and iso-8859-7 feeds.
TextDecoding.EnsureCodePages();
var all = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
var files = new List<(string Name, byte[] Bytes)>();
var skipped = new List<string>();
foreach (var f in all)
{
    var bytes = File.ReadAllBytes(f);
    var name = Path.GetRelativePath(dir, f);
    if (!FloorCanRead(bytes))
    {
        skipped.Add(name);
        continue;
    }

    files.Add((name, bytes));
}

var totalBytes = files.Sum(f => (long)f.Bytes.Length);
var items = files.Sum(f => FeedParser.Parse(f.Bytes).Entries.Count);
Console.WriteLine($"corpus: {dir}");
Console.WriteLine($"files: {all.Count}, measured: {files.Count} ({totalBytes / 1024.0:0.0} KiB, {items} items), skipped (plain XmlReader cannot read them): {skipped.Count}");
foreach (var s in skipped)
{
    Console.WriteLine($"  skipped: {s}");
}

Console.WriteLine($"iterations per round: {iterations}, rounds: {rounds} (best round reported, median in brackets)");

// Warm-up: JIT and tiering for both paths.
for (var i = 0; i < 20; i++)
{
    Floor(files);
    Parse(files);
    ParseToItems(files);
}

var floor = new List<double>();
var parser = new List<double>();
var adapter = new List<double>();
for (var r = 0; r < rounds; r++)
{
    floor.Add(Time(() => Floor(files), iterations));
    parser.Add(Time(() => Parse(files), iterations));
    adapter.Add(Time(() => ParseToItems(files), iterations));
}

double MBps(double seconds) => totalBytes * (double)iterations / seconds / 1_000_000;
double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);

double PairedMedian(List<double> xs) => Median([.. xs.Select((x, i) => x / floor[i])]);
var floorBest = floor.Min();
var parserBest = parser.Min();
var adapterBest = adapter.Min();
Console.WriteLine();
Console.WriteLine($"plain XmlReader pass (floor):      {MBps(floorBest),8:0.0} MB/s  [{MBps(Median(floor)):0.0}]");
Console.WriteLine(
    $"FeedParser.Parse:                  {MBps(parserBest),8:0.0} MB/s  [{MBps(Median(parser)):0.0}]   " +
    $"ratio {parserBest / floorBest:0.00}x the floor's time  [{Median(parser) / Median(floor):0.00}x]");
Console.WriteLine(
    $"FeedParser.Parse + items (adapter):{MBps(adapterBest),8:0.0} MB/s  [{MBps(Median(adapter)):0.0}]   " +
    $"ratio {adapterBest / floorBest:0.00}x the floor's time  [{Median(adapter) / Median(floor):0.00}x]");
Console.WriteLine($"paired ratios (each round against the floor of the same round, median): parser {PairedMedian(parser):0.00}x, parser + items {PairedMedian(adapter):0.00}x");
Console.WriteLine(PairedMedian(parser) <= 3 ? "goal (within 3x of the floor): met" : "goal (within 3x of the floor): NOT met");
return 0;

static double Time(Action action, int iterations)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < iterations; i++)
    {
        action();
    }

    return sw.Elapsed.TotalSeconds;
}

static XmlReaderSettings FloorSettings() => new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

static bool FloorCanRead(byte[] bytes)
{
    try
    {
        using var ms = new MemoryStream(bytes);
        using var r = XmlReader.Create(ms, FloorSettings());
        while (r.Read())
        {
        }

        return true;
    }
    catch (XmlException)
    {
        return false;
    }
}

// The floor reads every node and touches the value of text nodes (the least a consumer of the document does).
static long Floor(List<(string Name, byte[] Bytes)> files)
{
    long chars = 0;
    var settings = FloorSettings();
    foreach (var (_, bytes) in files)
    {
        using var ms = new MemoryStream(bytes);
        using var r = XmlReader.Create(ms, settings);
        while (r.Read())
        {
            if (r.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
            {
                chars += r.Value.Length;
            }
        }
    }

    return chars;
}

static long Parse(List<(string Name, byte[] Bytes)> files)
{
    long n = 0;
    foreach (var (_, bytes) in files)
    {
        n += FeedParser.Parse(bytes).Entries.Count;
    }

    return n;
}

static long ParseToItems(List<(string Name, byte[] Bytes)> files)
{
    long n = 0;
    var documentUri = new Uri("https://feeds.example/feed.xml");
    foreach (var (_, bytes) in files)
    {
        n += FeedSource.ToItems(FeedParser.Parse(bytes), documentUri, official: true, defaultLanguage: null, evidence: null).Count;
    }

    return n;
}

static string FindCorpus()
{
    var d = new DirectoryInfo(AppContext.BaseDirectory);
    while (d is not null && !File.Exists(Path.Combine(d.FullName, "Alerts.sln")))
    {
        d = d.Parent;
    }

    var root = d?.FullName ?? Directory.GetCurrentDirectory();
    return Environment.GetEnvironmentVariable("ALERTS_CORPUS") is { Length: > 0 } c
        ? Path.Combine(c, "feeds")
        : Path.Combine(root, "tests", "fixtures", "corpus", "feeds");
}
