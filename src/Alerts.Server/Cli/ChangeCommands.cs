namespace Alerts.Server.Cli;

/// <summary><c>alerts poll</c> (poll sources now, print what was recorded) and <c>alerts changes</c> (list the log).</summary>
internal static class ChangeCommands
{
    private static readonly JsonSerializerOptions LineJson = new(ApiJson.Options) { WriteIndented = false };

    public static Command Poll(TextWriter stdout, TextWriter stderr, Action<IServiceCollection>? configure, IDictionary<string, string?>? settings)
    {
        var pollSources = new Option<string[]>("--source") { Description = "A source id to poll (repeat for several; default: every enabled source).", Arity = ArgumentArity.ZeroOrMore };
        var pollJson = new Option<bool>("--json") { Description = "Write one JSON object per newly recorded change to stdout, one per line." };
        var poll = new Command("poll", "Poll sources now and record what changed. Exit code 0: all polled; 3: at least one source failed (the others are recorded).") { pollSources, pollJson };
        poll.SetAction(async (pr, ct) =>
        {
            using var host = AlertsCli.BuildHost(configure, settings);
            var sp = host.Services;
            await ServerApp.EnsureStorageAsync(sp, ct);
            var known = await sp.GetRequiredService<SourceRegistry>().ListAsync(ct);
            var ids = pr.GetValue(pollSources) is { Length: > 0 } chosen ? chosen : [.. known.Where(s => s.Enabled).Select(s => s.Id)];
            foreach (var id in ids)
            {
                if (!known.Any(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase)))
                {
                    await stderr.WriteLineAsync($"alerts: no source '{id}'. Known: {string.Join(", ", known.Select(s => s.Id))}.");
                    return AlertsCli.Usage;
                }
            }

            var poller = sp.GetRequiredService<PollService>();
            var json = pr.GetValue(pollJson);
            var display = new ProgressDisplay(stderr, interactive: ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected);
            var failed = 0;
            foreach (var id in ids)
            {
                var result = await poller.PollAsync(id, display.For(id), ct);
                display.Done(result);
                if (!result.Ok)
                {
                    failed++;
                    await stderr.WriteLineAsync($"alerts: source {id} failed: {result.Error}");
                }

                foreach (var change in result.Recorded)
                {
                    if (json)
                    {
                        await stdout.WriteLineAsync(JsonSerializer.Serialize(change with { Diff = [] }, LineJson));
                    }
                    else
                    {
                        await stdout.WriteLineAsync($"#{change.Sequence} {change.ChangeType.ToWire(),-8} {change.Severity.ToWire(),-8} {change.SourceId}: {change.Title}");
                    }
                }
            }

            return failed > 0 ? AlertsCli.SourceFailed : AlertsCli.Ok;
        });
        return poll;
    }

    public static Command Changes(TextWriter stdout, TextWriter stderr, Action<IServiceCollection>? configure, IDictionary<string, string?>? settings)
    {
        var from = new Option<string>("--from") { Description = "Detected at or after (2026-11-01 or an ISO date-time)." };
        var to = new Option<string>("--to") { Description = "Detected at or before (a date means the whole day)." };
        var changeSources = new Option<string[]>("--source") { Description = "Only these sources (repeat for several).", Arity = ArgumentArity.ZeroOrMore };
        var asJson = new Option<bool>("--json") { Description = "One JSON object per change, one per line." };
        var asCsv = new Option<bool>("--csv") { Description = "CSV (RFC 4180) with a header row." };
        var changes = new Command("changes", "List recorded changes, oldest first.") { from, to, changeSources, asJson, asCsv };
        changes.Validators.Add(r =>
        {
            if (r.GetValue(asJson) && r.GetValue(asCsv))
            {
                r.AddError("Choose one of --json and --csv.");
            }

            foreach (var (opt, end) in new[] { (from, false), (to, true) })
            {
                if (r.GetValue(opt) is { Length: > 0 } v && !ApiQuery.TryParseDate(v, end, out _))
                {
                    r.AddError($"{opt.Name}: '{v}' is not a date (use 2026-11-01 or 2026-11-01T12:00:00Z).");
                }
            }
        });
        changes.SetAction(async (pr, ct) =>
        {
            using var host = await AlertsCli.BuildStorageHostAsync(configure, settings, ct);
            DateTimeOffset? f = pr.GetValue(from) is { Length: > 0 } fv && ApiQuery.TryParseDate(fv, false, out var fd) ? fd : null;
            DateTimeOffset? t = pr.GetValue(to) is { Length: > 0 } tv && ApiQuery.TryParseDate(tv, true, out var td) ? td : null;
            var query = new ChangeQuery { From = f, To = t, Sources = pr.GetValue(changeSources) ?? [], Order = "oldest" };
            var csv = pr.GetValue(asCsv);
            var json = pr.GetValue(asJson);
            if (csv)
            {
                await stdout.WriteAsync(ChangeCsv.Header + "\r\n");
            }

            await foreach (var c in host.Services.GetRequiredService<ChangeQueryService>().StreamAsync(query, ct))
            {
                if (json)
                {
                    await stdout.WriteLineAsync(JsonSerializer.Serialize(new VerifiableChange(c), LineJson));
                }
                else if (csv)
                {
                    await stdout.WriteAsync(ChangeCsv.Row(c) + "\r\n");
                }
                else
                {
                    await stdout.WriteLineAsync($"#{c.Sequence} {c.DetectedAt:yyyy-MM-dd HH:mm} {c.ChangeType.ToWire(),-8} {c.Severity.ToWire(),-8} {c.SourceId}: {c.Title}");
                }
            }

            return AlertsCli.Ok;
        });
        return changes;
    }
}
