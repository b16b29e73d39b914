using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alerts.Core.ChangeLog;
using Alerts.Core.Detection;
using Alerts.Core.Sources;
using Alerts.Core.Sources.Hts;
using Alerts.Core.Sources.ScreeningList;
using Alerts.Core.Storage;

// Timed harness for the snapshot diffs of the official sources. Each measurement is reported against a baseline measured
// in the same run on the same bytes: a plain JsonDocument parse pass (the floor any parser of these documents pays).
// Usage: dotnet run -c Release --project bench/SourceDiffs [-- --runs N]
var runs = args.Length == 2 && args[0] == "--runs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
var corpus = Environment.GetEnvironmentVariable("ALERTS_CORPUS") is { Length: > 0 } c ? c : Path.Combine(FindRoot(), "tests", "fixtures", "corpus");
var ok = true;

Console.WriteLine($"SourceDiffs: {runs} runs each, median reported; .NET {Environment.Version}, {Environment.ProcessorCount} cores");
Console.WriteLine();

// 1. Screening list: 20,000 entries in the real API shape, the next version with 50 changes (20 modified, 15 added, 15 removed).
{
    var template = JsonNode.Parse(File.ReadAllText(Path.Combine(corpus, "trade-gov-csl", "csl-api-v2-entity-list-results-fixture.json")))!.AsArray();
    var before = new JsonArray();
    for (var i = 0; i < 20_000; i++)
    {
        var e = template[i % template.Count]!.DeepClone();
        e["id"] = "entry-" + i.ToString("D6", CultureInfo.InvariantCulture);
        e["name"] = e["name"]!.GetValue<string>() + " " + i.ToString(CultureInfo.InvariantCulture);
        before.Add(e);
    }

    var after = before.DeepClone().AsArray();
    var expected = new HashSet<string>(StringComparer.Ordinal);
    for (var k = 0; k < 20; k++)
    {
        var e = after[k * 997]!;
        e["license_policy"] = "Policy of denial (changed " + k.ToString(CultureInfo.InvariantCulture) + ").";
        expected.Add(e["id"]!.GetValue<string>());
    }

    for (var k = 0; k < 15; k++)
    {
        var index = 19_990 - (k * 1_201);
        expected.Add(after[index]!["id"]!.GetValue<string>());
        after.RemoveAt(index);
    }

    for (var k = 0; k < 15; k++)
    {
        var e = template[k % template.Count]!.DeepClone();
        e["id"] = "added-" + k.ToString(CultureInfo.InvariantCulture);
        expected.Add("added-" + k.ToString(CultureInfo.InvariantCulture));
        after.Add(e);
    }

    var oldBytes = Encoding.UTF8.GetBytes(before.ToJsonString());
    var newBytes = Encoding.UTF8.GetBytes(after.ToJsonString());
    var lists = new HashSet<string> { "EL", "MEU", "UVL" };
    var snapshots = ScreeningListSource.ParseJson("bench", oldBytes, lists).ToDictionary(i => i.ItemKey, ToSnapshot, StringComparer.Ordinal);

    var floor = Measure(runs, () => ParseFloor(newBytes));
    var parseOnly = Measure(runs, () => GC.KeepAlive(ScreeningListSource.ParseJson("bench", newBytes, lists)));
    List<DetectedChange> found = [];
    GC.Collect();
    var heapBefore = GC.GetTotalMemory(true);
    var allocatedBefore = GC.GetTotalAllocatedBytes(true);
    var diff = Measure(runs, () =>
    {
        var items = ScreeningListSource.ParseJson("bench", newBytes, lists);
        found = Detector.Detect(items, snapshots, completeSnapshot: true);
    });
    var allocatedPerRun = (GC.GetTotalAllocatedBytes(true) - allocatedBefore) / runs;
    var heapAfter = GC.GetTotalMemory(false);
    var foundKeys = found.Select(d => d.ItemKey).ToHashSet(StringComparer.Ordinal);
    var exact = foundKeys.SetEquals(expected);
    ok &= exact;
    Console.WriteLine("Screening list: 20,000 entries, next version with 50 changes (20 modified, 15 added, 15 removed)");
    Console.WriteLine($"  document {newBytes.Length / 1024.0 / 1024.0:0.0} MiB");
    Console.WriteLine($"  baseline  JsonDocument parse pass      {floor.TotalMilliseconds,8:0.0} ms");
    Console.WriteLine($"  measured  ParseJson alone              {parseOnly.TotalMilliseconds,8:0.0} ms  ({parseOnly / floor:0.0}x the baseline)");
    Console.WriteLine($"  measured  ParseJson + Detector.Detect  {diff.TotalMilliseconds,8:0.0} ms  ({diff / floor:0.0}x the baseline)");
    Console.WriteLine(
        $"  changes found: {found.Count} ({string.Join(", ", found.GroupBy(d => d.ChangeType).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToWire()}"))}); " +
        $"exactly the 50 made: {(exact ? "yes" : "NO")}");
    Console.WriteLine(
        $"  memory: allocated {allocatedPerRun / 1024.0 / 1024.0:0.0} MiB per diff; " +
        $"managed heap {heapBefore / 1024.0 / 1024.0:0.0} -> {heapAfter / 1024.0 / 1024.0:0.0} MiB (GC.GetTotalMemory, snapshots of 20,000 held); " +
        $"process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0} MiB");
    Console.WriteLine();
}

// 2. HTS chapter 85 (the corpus export) against a copy with 10 rate changes.
{
    var bytes = File.ReadAllBytes(Path.Combine(corpus, "usitc-hts", "hts-chapter-85-electrical.json"));
    var rows = JsonNode.Parse(bytes)!.AsArray();
    var rated = rows.Where(r => r!["htsno"]!.GetValue<string>().Length > 0 && (r["general"]?.GetValue<string>() ?? "").Length > 0).ToList();
    var expected = new HashSet<string>(StringComparer.Ordinal);
    for (var k = 0; k < 10; k++)
    {
        var row = rated[(k * rated.Count / 10) + 3]!;
        row["general"] = row["general"]!.GetValue<string>() == "25%" ? "26%" : "25%";
        expected.Add(row["htsno"]!.GetValue<string>());
    }

    var changedBytes = Encoding.UTF8.GetBytes(rows.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    var snapshots = HtsSource.Parse("bench", bytes).ToDictionary(i => i.ItemKey, ToSnapshot, StringComparer.Ordinal);
    var floor = Measure(runs, () => ParseFloor(changedBytes));
    List<DetectedChange> found = [];
    var diff = Measure(runs, () => found = Detector.Detect(HtsSource.Parse("bench", changedBytes), snapshots, completeSnapshot: true));
    var exact = found.Select(d => d.ItemKey).ToHashSet(StringComparer.Ordinal).SetEquals(expected)
        && found.All(d => d.ChangeType == ChangeType.Modified && d.Diff.Count == 1 && d.Diff[0].Field == "general");
    ok &= exact;
    Console.WriteLine($"HTS chapter 85: {snapshots.Count} lines ({bytes.Length / 1024} KiB), a copy with 10 general-rate changes (re-indented)");
    Console.WriteLine($"  baseline  JsonDocument parse pass      {floor.TotalMilliseconds,8:0.0} ms");
    Console.WriteLine($"  measured  HtsSource.Parse + Detect     {diff.TotalMilliseconds,8:0.0} ms  ({diff / floor:0.0}x the baseline)");
    Console.WriteLine($"  changes found: {found.Count}: {string.Join(", ", found.Select(d => d.ItemKey))}");
    Console.WriteLine($"  exactly the 10 made, each only its general rate: {(exact ? "yes" : "NO")}");
}

return ok ? 0 : 1;

static Snapshot ToSnapshot(SourceItem i) => new(i.ItemKey, SnapshotStore.VersionOf(i.Fields), i.Stage, i.Fields, null, false, i.Title, i.Url);

static void ParseFloor(byte[] bytes)
{
    using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = SafeParsing.MaxJsonDepth });
    var n = 0;
    foreach (var e in doc.RootElement.EnumerateArray())
    {
        n += e.ValueKind == JsonValueKind.Object ? 1 : 0;
    }

    GC.KeepAlive(n);
}

static TimeSpan Measure(int runs, Action action)
{
    action(); // warm-up
    var times = new List<TimeSpan>();
    for (var i = 0; i < runs; i++)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        times.Add(Stopwatch.GetElapsedTime(start));
    }

    times.Sort();
    return times[times.Count / 2];
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Alerts.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Cannot find Alerts.sln above " + AppContext.BaseDirectory);
}
