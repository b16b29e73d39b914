using System.Diagnostics;
using Xunit.Abstractions;

namespace Alerts.Tests.ChangeLog;

/// <summary>Measures the process's managed heap, so nothing else in this test process may run beside it.</summary>
[CollectionDefinition(nameof(MemoryMeasured), DisableParallelization = true)]
public sealed class MemoryMeasured;

[Collection(nameof(MemoryMeasured))]
public sealed class ExportMemoryTests(ITestOutputHelper output)
{
    public const int Count = 100_000;

    /// <summary>About 1.2 KB of JSON per change, so 100,000 make an export of about 120 MB.</summary>
    internal static IEnumerable<ChangeRecord> Drafts(int count, DateTimeOffset start)
    {
        var filler = string.Join(' ', Enumerable.Repeat("semiconductor manufacturing equipment export control", 7));
        for (var i = 0; i < count; i++)
        {
            var key = "doc-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            yield return Seed.Draft(key, title: $"Entity List additions {i}: =cmd|' /C calc'!A0", summary: filler, severity: i % 5 == 0 ? Severity.High : Severity.Low) with
            {
                DetectedAt = start.AddMinutes(i),
                Description = filler,
                Url = "https://www.federalregister.gov/documents/2026/01/01/" + key,
            };
        }
    }

    [Fact]
    public async Task An_export_of_100000_changes_streams_in_bounded_memory()
    {
        await using var host = await TestWorld.StartAsync();
        var sw = Stopwatch.StartNew();
        await ChangeLogBulk.AppendAsync(host.Services.Get<AlertsStorage>(), Drafts(Count, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)), idMarkers: false, parallelism: 6);
        output.WriteLine($"appended {Count} in {sw.Elapsed.TotalSeconds:0.0} s");
        // A raw HttpClient, not the typed ApiClient: the measured read streams the body (ResponseHeadersRead), and the warm-up warms this client's pool.
        var auditor = host.Client((await host.CreateKeyAsync(Roles.Auditor)).Secret);
        auditor.Timeout = TimeSpan.FromMinutes(10);

        // Warm up (JIT, connection pools, the shared array pool) with an export of one window, then measure.
        var warmUp = await auditor.GetStringAsync("api/changes?format=ndjson&order=oldest&to=2026-01-01T16:39:00Z");
        Assert.Equal(1000, warmUp.Count(c => c == '\n'));
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        sw.Restart();
        using var response = await auditor.GetAsync("api/changes?format=ndjson&order=oldest", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long bytes = 0, lines = 0, nextSample = 0;
        var first = new List<byte>();
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            if (first.Count < 4096)
            {
                first.AddRange(buffer.AsSpan(0, Math.Min(read, 4096 - first.Count)).ToArray());
            }

            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            if (bytes >= nextSample)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                nextSample += 8 * 1024 * 1024;
            }
        }

        output.WriteLine(
            $"exported {lines} lines, {bytes / 1048576.0:0.0} MiB in {sw.Elapsed.TotalSeconds:0.0} s; " +
            $"managed heap baseline {baseline / 1048576.0:0.0} MiB, peak {peak / 1048576.0:0.0} MiB");

        Assert.Equal(Count, lines);
        Assert.True(bytes > 100L * 1024 * 1024, $"the export should be large enough to matter ({bytes} bytes)");
        var firstLine = System.Text.Encoding.UTF8.GetString([.. first]).Split('\n')[0];
        Assert.Equal(1, JsonDocument.Parse(firstLine).RootElement.GetProperty("sequence").GetInt64());
        // Bounded: the live heap grows by far less than the 120 MB sent (a window of 1,000 changes is a few MB as read).
        Assert.True(peak - baseline < 48L * 1024 * 1024, $"live managed heap grew by {(peak - baseline) / 1048576.0:0.0} MiB during the export");
    }

    [Fact]
    public async Task The_bulk_path_writes_a_chain_that_verifies_and_that_queries_find_by_month()
    {
        await using var host = await TestWorld.StartAsync();
        await ChangeLogBulk.AppendAsync(host.Services.Get<AlertsStorage>(), Drafts(1500, new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero)));

        var verify = await host.Services.Get<ChangeLogVerifier>().VerifyAsync(new VerifyOptions { Evidence = false });
        var february = await host.Services.Get<ChangeQueryService>().QueryAsync(new ChangeQuery { From = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), Order = "oldest", PageSize = 10 });
        var byId = await host.Services.Get<ChangeLogStore>().FindAsync(ChangeRecord.NewId("test", "doc-000042", null, "v1"));

        Assert.True(verify.Ok, verify.Describe());
        Assert.Equal(1500, verify.Checked);
        Assert.Equal(721, february.Items[0].Sequence); // 12 hours of January at one a minute
        Assert.Equal(43, byId!.Sequence);
    }
}
