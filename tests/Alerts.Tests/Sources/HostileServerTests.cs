using System.IO.Compression;
using Alerts.Core.Detection;
using Alerts.Core.Polling;
using Alerts.Core.Sources.ScreeningList;

namespace Alerts.Tests.Sources;

/// <summary>The limits every source holds against hostile or broken servers, each broken on purpose by a local server.</summary>
public sealed class HostileServerTests
{
    private const string Id = "csl-entity-list";

    private static async Task<(SourcePollResult Result, TestServices Services)> PollOnceAsync(
        LocalServer server, Dictionary<string, string?>? more = null, Func<FetchLimitsEdit, FetchLimitsEdit>? limits = null)
    {
        var t = await StartAsync(server, more, limits);
        return (await t.Get<PollService>().PollAsync(Id), t);
    }

    private static async Task<TestServices> StartAsync(
        LocalServer server, Dictionary<string, string?>? more = null, Func<FetchLimitsEdit, FetchLimitsEdit>? limits = null, FakeTimeProvider? clock = null)
    {
        var t = await TestServices.CreateAsync(TestServices.PointAt(Id, server.BaseUri, more), clock);
        if (limits is not null)
        {
            var fetcher = t.Get<SourcePoller>();
            var edited = limits(new FetchLimitsEdit(fetcher.Limits.Timeout, fetcher.Limits.MaxAttempts));
            fetcher.Limits = fetcher.Limits with { Timeout = edited.Timeout, MaxAttempts = edited.MaxAttempts };
        }

        return t;
    }

    internal sealed record FetchLimitsEdit(TimeSpan Timeout, int MaxAttempts);

    /// <summary>The poll failed with <paramref name="error"/> in its message, and nothing was stored.</summary>
    private static async Task AssertRefusedAndNothingChanged(TestServices t, SourcePollResult result, string error)
    {
        Assert.False(result.Ok);
        Assert.Contains(error, result.Error, StringComparison.Ordinal);
        await AssertNothingChanged(t);
    }

    private static async Task AssertNothingChanged(TestServices t)
    {
        Assert.Empty(await t.Get<SnapshotStore>().ReadAllAsync(Id));
        var state = await t.Get<SourceStateStore>().GetAsync(Id);
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.False(state.BaselineRecorded);
        Assert.NotNull(state.LastError);
    }

    [Fact]
    public async Task A_response_over_the_size_cap_is_refused()
    {
        await using var server = await LocalServer.StartAsync(async ctx =>
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("{}", 20_000)) + "]"));
        });

        var (result, t) = await PollOnceAsync(server, new() { ["Alerts:MaxResponseBytes"] = "4096" });
        await using var _ = t;

        await AssertRefusedAndNothingChanged(t, result, "over the limit of 4096 bytes");
    }

    [Fact]
    public async Task A_gzip_bomb_small_compressed_and_huge_decompressed_is_refused()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 8; i++)
            {
                await gzip.WriteAsync(zeros);
            }
        }

        var bomb = compressed.ToArray();
        Assert.True(bomb.Length < 64 * 1024, $"the bomb is {bomb.Length} bytes compressed");
        await using var server = await LocalServer.StartAsync(async ctx =>
        {
            ctx.Response.ContentType = "application/json";
            ctx.Response.Headers.ContentEncoding = "gzip";
            ctx.Response.ContentLength = bomb.Length;
            await ctx.Response.Body.WriteAsync(bomb);
        });

        var (result, t) = await PollOnceAsync(server, new() { ["Alerts:MaxResponseBytes"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await using var _ = t;

        await AssertRefusedAndNothingChanged(t, result, "after decompression");
    }

    [Fact]
    public async Task A_server_that_hangs_past_the_time_out_is_a_failure()
    {
        await using var hanging = await HangingServer.StartAsync();
        var clock = new WatchedClock();
        await using var t = await StartAsync(hanging.Server, limits: l => l with { Timeout = TimeSpan.FromMinutes(1), MaxAttempts = 2 }, clock: clock);

        var result = await hanging.PastTimeOutsAsync(t, clock, t.Get<PollService>().PollAsync(Id));

        Assert.Equal(2, hanging.Server.Requests.Count);
        await AssertRefusedAndNothingChanged(t, result, "no answer within");
    }

    [Fact]
    public async Task A_redirect_loop_stops_at_the_redirect_cap()
    {
        await using var server = await LocalServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = "/loop?n=" + NextHop();
            return Task.CompletedTask;
        });

        var (result, t) = await PollOnceAsync(server);
        await using var _ = t;

        Assert.Equal(6, server.Requests.Count); // the request and 5 redirects followed
        await AssertRefusedAndNothingChanged(t, result, "too many redirects");

        static string NextHop() => Guid.NewGuid().ToString("N")[..6];
    }

    [Fact]
    public async Task A_redirect_to_another_origin_stays_on_the_configured_origin()
    {
        var file = await File.ReadAllBytesAsync(OfficialSupport.Corpus("trade-gov-csl", "csl-api-v2-entity-list-results-fixture.json"));
        await using var server = await LocalServer.StartAsync(async ctx =>
        {
            if (ctx.Request.Query["moved"] == "1")
            {
                await OfficialSupport.ServeBytes(ctx, file);
                return;
            }

            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = "http://203.0.113.9:8443" + ScreeningListSource.JsonPath + "?moved=1";
        });

        var (result, t) = await PollOnceAsync(server);
        await using var _ = t;

        Assert.True(result.Ok, result.Error);
        Assert.True(result.ItemsRead > 0);
        Assert.Equal([ScreeningListSource.JsonPath, ScreeningListSource.JsonPath + "?moved=1"], server.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task JSON_nested_deeper_than_the_cap_is_refused()
    {
        var deep = new string('[', 200) + new string(']', 200);
        await using var server = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, deep));

        var (result, t) = await PollOnceAsync(server);
        await using var _ = t;

        Assert.Contains("depth", result.Error, StringComparison.OrdinalIgnoreCase);
        await AssertRefusedAndNothingChanged(t, result, "not valid JSON");
    }
}
