using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Alerts.Core.ChangeLog;
using Alerts.Core.Detection;
using Alerts.Core.Sources;
using Alerts.Core.Storage;

// Classification throughput over 10,000 documents (the labelled set, repeated with a varying suffix), against a baseline
// measured in the same run: a plain case-insensitive IndexOf scan of the same texts for every term of the dictionary.
// Run: dotnet run -c Release --project bench/Classification [-- documents]
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var root = FindRoot();
var labelled = Directory.GetFiles(Path.Combine(root, "tests", "Alerts.Tests", "Fixtures", "labelled"), "*.jsonl").Order(StringComparer.Ordinal)
    .SelectMany(File.ReadLines).Where(l => l.Trim().Length > 0).Select(ToInput).ToList();
var inputs = Enumerable.Range(0, count).Select(i =>
{
    var d = labelled[i % labelled.Count];
    return d with { Title = d.Title + " #" + i.ToString(CultureInfo.InvariantCulture) };
}).ToList();
var texts = inputs.Select(i => string.Join('\n', new[] { i.Title, i.Summary ?? "" }.Concat(i.Fields.Values))).ToList();

var classifier = new DictionaryClassifier(ClassifierDictionary.BuiltIn());
var terms = classifier.Matcher.Terms.Select(t => t.Term).Distinct(StringComparer.Ordinal).ToArray();
Console.WriteLine(
    $"{inputs.Count} documents ({labelled.Count} distinct), {terms.Length} dictionary terms, {classifier.Matcher.States} automaton states, " +
    $"{texts.Sum(t => t.Length) / inputs.Count} characters a document on average");

var checksum = 0L;
double Run(string name, Func<long> body, int? documents = null)
{
    body(); // warm up (JIT, tiered compilation)
    var times = new List<double>();
    for (var r = 0; r < 5; r++)
    {
        var sw = Stopwatch.StartNew();
        checksum += body();
        times.Add(sw.Elapsed.TotalSeconds);
    }

    var median = times.Order().ElementAt(times.Count / 2);
    var rate = (documents ?? inputs.Count) / median;
    Console.WriteLine($"| {name,-52} | {median * 1000,10:0.0} ms | {rate,12:N0} docs/s |");
    return rate;
}

Console.WriteLine($"| {"what",-52} | {"median of 5",13} | {"throughput",19} |");
Console.WriteLine($"|{new string('-', 54)}|{new string('-', 15)}:|{new string('-', 20)}:|");
var baseline = Run("baseline: IndexOf(OrdinalIgnoreCase) per term", () =>
{
    long hits = 0;
    foreach (var text in texts)
    {
        foreach (var term in terms)
        {
            if (text.Contains(term, StringComparison.OrdinalIgnoreCase))
            {
                hits++;
            }
        }
    }

    return hits;
});
var matcher = Run("Aho-Corasick matcher only (with boundary checks)", () =>
{
    long hits = 0;
    var list = new List<TermHit>();
    foreach (var text in texts)
    {
        list.Clear();
        classifier.Matcher.Match(text, list);
        hits += list.Count;
    }

    return hits;
});
var full = Run("DictionaryClassifier.Classify (topics, severity, summary)", () =>
{
    long n = 0;
    foreach (var input in inputs)
    {
        n += classifier.Classify(input).Topics.Count;
    }

    return n;
});

// Thin documents read in full (issue 15): the same documents with a full text of 20 KB and of 100 KB, cut at a varying
// offset from real text (the Guardian and New York Times feeds and the HTS chapter 99 descriptions of the shared corpus:
// prose plus an annex of headings, as a proclamation's text is).
var corpusText = FullTextCorpus(root);
foreach (var (size, n) in new[] { (20_000, 1_000), (100_000, 200) })
{
    var withText = inputs.Take(n).Select((d, i) => d with { FullText = Slice(corpusText, i * 7919, size) }).ToList();
    var rate = Run($"Classify with a full text of {size / 1000} KB ({n:N0} docs)", () =>
    {
        long topics = 0;
        foreach (var input in withText)
        {
            topics += classifier.Classify(input).Topics.Count;
        }

        return topics;
    }, withText.Count);
    Console.WriteLine($"|   {"= MB of full text a second",-50} | {"",13} | {rate * size / 1e6,12:N1} MB/s  |");
}

Console.WriteLine();
Console.WriteLine($"Full classification is {full / baseline:0.0}x the baseline scan; the matcher alone {matcher / baseline:0.0}x. (checksum {checksum})");

static string FullTextCorpus(string root)
{
    var corpus = Path.Combine(root, "tests", "fixtures", "corpus");
    var parts = new List<string>();
    foreach (var feed in new[] { "news-rss20-guardian-us.xml", "news-rss20-nytimes-homepage.xml" })
    {
        parts.Add(SafeParsing.HtmlToText(System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(corpus, "feeds", feed)))));
    }

    using var hts = JsonDocument.Parse(File.ReadAllText(Path.Combine(corpus, "usitc-hts", "hts-chapter-99-temporary-modifications.json")));
    parts.AddRange(hts.RootElement.EnumerateArray().Select(e => $"{e.GetProperty("htsno").GetString()} {e.GetProperty("description").GetString()}"));
    return string.Join(' ', parts);
}

static string Slice(string text, int offset, int length)
{
    var start = offset % Math.Max(1, text.Length - length);
    return text.Length <= length ? text : text.Substring(start, length);
}

static ClassificationInput ToInput(string line)
{
    using var doc = JsonDocument.Parse(line);
    var r = doc.RootElement;
    var s = r.GetProperty("source");
    string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    var fields = r.TryGetProperty("fields", out var f) ? f.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "") : [];
    var refs = r.TryGetProperty("references", out var rf) ? rf.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];
    var diff = r.TryGetProperty("diff", out var df) ? df.EnumerateArray().Select(x => new FieldChange(Str(x, "field") ?? "", Str(x, "before"), Str(x, "after"))).ToList() : [];
    var source = new SourceDefinition
    {
        Id = Str(s, "id")!,
        Kind = Str(s, "kind")!,
        Jurisdiction = Str(s, "jurisdiction") ?? "other",
        Official = s.GetProperty("official").GetBoolean(),
        DefaultBaseUrl = "https://example.invalid",
    };
    return new ClassificationInput(
        source, ChangeTypeOf(Str(r, "changeType") ?? "added"), Str(r, "title") ?? "", Str(r, "summary"), Str(r, "documentType"), fields, diff, Str(r, "language"), Str(r, "itemKey"), refs);
}

static ChangeType ChangeTypeOf(string word) =>
    WireWords.TryParse<ChangeType>(word, out var type) ? type : throw new FormatException($"Unknown changeType '{word}' in the labelled set.");

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Alerts.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}
