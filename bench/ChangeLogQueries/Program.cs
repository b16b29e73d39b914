using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using Alerts.Core.Api;
using Alerts.Core.ChangeLog;
using Alerts.Core.Storage;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

// Timed harness for the change-log queries, against Azurite (UseDevelopmentStorage=true, or ALERTS_BENCH_STORAGE).
//   dotnet run -c Release --project bench/ChangeLogQueries [-- --changes 10000 --export 100000 --runs 20]
// 1. First page of a one-month query over N changes: storage round trips (counted on the wire) and time.
// 2. Export of M changes as NDJSON (the API's writer, into a discarding pipe): time, managed heap and peak working set.
var changes = Arg("--changes", 10_000);
var exportCount = Arg("--export", 100_000);
var runs = Arg("--runs", 20);
var connection = Environment.GetEnvironmentVariable("ALERTS_BENCH_STORAGE") is { Length: > 0 } c ? c : "UseDevelopmentStorage=true";

var counter = new CountingPolicy();
var tableOptions = new TableClientOptions();
tableOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
var queueOptions = new QueueClientOptions(QueueClientOptions.ServiceVersion.V2026_06_06);

await RunQueryBenchAsync();
if (exportCount > 0)
{
    await RunExportBenchAsync();
}

async Task RunQueryBenchAsync()
{
    var storage = NewStorage();
    await storage.EnsureCreatedAsync();
    try
    {
        // One change every 15 minutes from 1 January 2026: 10,000 changes span about 3.5 months.
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var sw = Stopwatch.StartNew();
        await ChangeLogBulk.AppendAsync(storage, Drafts(changes, start, TimeSpan.FromMinutes(15)), parallelism: 4);
        Console.WriteLine($"seeded {changes:N0} changes in {sw.Elapsed.TotalSeconds:0.0} s");
        var queries = new ChangeQueryService(new ChangeLogStore(storage, TimeProvider.System));
        var month = new ChangeQuery { From = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2026, 2, 28, 23, 59, 59, TimeSpan.Zero) };
        foreach (var (label, q) in new[]
        {
            ("one month, newest first, 50", month),
            ("one month, oldest first, 50", month with { Order = "oldest" }),
            ("one month, severity=high, 50", month with { Severity = Severity.High }),
            ("one month, topic=tariffs (client-side), 50", month with { Topic = "tariffs" }),
            ("one month, q=\"batch 7\" (client-side), 50", month with { Text = "batch 7" }),
        })
        {
            await queries.QueryAsync(q); // warm
            var times = new List<double>();
            int wire = 0, reported = 0, items = 0;
            for (var i = 0; i < runs; i++)
            {
                counter.Reset();
                sw.Restart();
                var page = await queries.QueryAsync(q);
                times.Add(sw.Elapsed.TotalMilliseconds);
                (wire, reported, items) = (counter.Count, page.RoundTrips, page.Items.Count);
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"first page, {label}: {items} items, {wire} storage requests on the wire ({reported} reported), " +
                $"median {times[times.Count / 2]:0.0} ms, p90 {times[(int)(times.Count * 0.9)]:0.0} ms over {runs} runs"));
        }
    }
    finally
    {
        await storage.DeleteAllAsync();
    }
}

async Task RunExportBenchAsync()
{
    var storage = NewStorage();
    await storage.EnsureCreatedAsync();
    try
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var sw = Stopwatch.StartNew();
        await ChangeLogBulk.AppendAsync(storage, Drafts(exportCount, start, TimeSpan.FromMinutes(1)), idMarkers: false, parallelism: 6);
        Console.WriteLine($"seeded {exportCount:N0} changes in {sw.Elapsed.TotalSeconds:0.0} s");
        var queries = new ChangeQueryService(new ChangeLogStore(storage, TimeProvider.System));

        // Warm up with one window, then measure.
        await ExportAsync(queries, new ChangeQuery { Order = "oldest", To = start.AddMinutes(999) }, null);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        var peakHeap = baseline;
        counter.Reset();
        sw.Restart();
        var (rows, bytes) = await ExportAsync(queries, new ChangeQuery { Order = "oldest" }, () => peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: true)));
        var elapsed = sw.Elapsed;
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"NDJSON export: {rows:N0} changes, {bytes / 1048576.0:0.0} MiB in {elapsed.TotalSeconds:0.0} s " +
            $"({rows / elapsed.TotalSeconds:N0} changes/s, {bytes / 1048576.0 / elapsed.TotalSeconds:0.0} MiB/s), {counter.Count} storage requests"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: managed heap after full GC {baseline / 1048576.0:0.0} MiB before, " +
            $"peak {peakHeap / 1048576.0:0.0} MiB during (sampled every 8 MiB written); " +
            $"working set {workingSetBefore / 1048576.0:0} MiB before, peak working set of the process {process.PeakWorkingSet64 / 1048576.0:0} MiB"));
    }
    finally
    {
        await storage.DeleteAllAsync();
    }
}

static async Task<(long Rows, long Bytes)> ExportAsync(ChangeQueryService queries, ChangeQuery query, Action? sample)
{
    var sink = new CountingStream(sample);
    var pipe = PipeWriter.Create(sink);
    var rows = await ChangeExportWriter.WriteAsync(pipe, queries.StreamAsync(query), ExportFormat.Ndjson, ApiJson.Options);
    await pipe.CompleteAsync();
    return (rows, sink.Length);
}

AlertsStorage NewStorage() => new(
    new TableServiceClient(connection, tableOptions),
    new QueueServiceClient(connection, queueOptions),
    new BlobServiceClient(connection),
    "b" + Guid.NewGuid().ToString("N")[..12]);

static IEnumerable<ChangeRecord> Drafts(int count, DateTimeOffset start, TimeSpan every)
{
    var filler = string.Join(' ', Enumerable.Repeat("semiconductor manufacturing equipment export control", 7));
    for (var i = 0; i < count; i++)
    {
        var key = "doc-" + i.ToString("D6", CultureInfo.InvariantCulture);
        yield return new ChangeRecord
        {
            Id = ChangeRecord.NewId("bench", key, null, "v1"),
            SourceId = i % 3 == 0 ? "federal-register" : "ustr-301",
            ItemKey = key,
            ChangeType = ChangeType.Added,
            Title = $"Entity List additions batch {i}",
            Summary = filler,
            Description = filler,
            Url = "https://www.federalregister.gov/documents/2026/01/01/" + key,
            ContentVersion = "v1",
            Topics = i % 3 == 0 ? ["entity-list"] : ["tariffs"],
            Severity = i % 10 == 0 ? Severity.High : Severity.Low,
            Jurisdiction = "US",
            DetectedAt = start + (every * i),
        };
    }
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>Counts the HTTP requests the table client sends (retries included).</summary>
internal sealed class CountingPolicy : HttpPipelineSynchronousPolicy
{
    private int _count;

    public int Count => _count;

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}

/// <summary>Discards what is written, counting bytes and sampling memory every 8 MiB.</summary>
internal sealed class CountingStream(Action? sample) : Stream
{
    private long _length;
    private long _nextSample;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Count(count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Count(buffer.Length);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private void Count(int n)
    {
        _length += n;
        if (_length >= _nextSample)
        {
            sample?.Invoke();
            _nextSample += 8 * 1024 * 1024;
        }
    }
}
