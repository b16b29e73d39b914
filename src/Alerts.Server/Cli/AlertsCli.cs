using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Alerts.Core;
using Alerts.Core.Api;
using Alerts.Core.ChangeLog;
using Alerts.Core.Email;
using Alerts.Core.Polling;
using Alerts.Core.Sources;
using Alerts.Core.Storage;
using Alerts.Server.Demo;
using Alerts.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Alerts.Server.Cli;

/// <summary>The <c>alerts</c> command line: serve, poll, changes, verify, anchor, keys, sources.</summary>
public static class AlertsCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int SourceFailed = 3;

    private static readonly JsonSerializerOptions LineJson = new(ApiJson.Options) { WriteIndented = false };

    /// <summary>Runs a command line; <paramref name="stdout"/> and <paramref name="stderr"/> default to the console (tests pass writers).</summary>
    public static async Task<int> RunAsync(
        string[] args, TextWriter? stdout = null, TextWriter? stderr = null, Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var output = stdout ?? Console.Out;
        var errors = stderr ?? Console.Error;
        var root = Build(output, errors, configure, settings);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                await errors.WriteLineAsync($"alerts: {e.Message}");
            }

            await errors.WriteLineAsync("Run 'alerts --help' for usage.");
            return Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = errors, EnableDefaultExceptionHandler = false });
        }
        catch (OptionsValidationException ex)
        {
            await errors.WriteLineAsync($"alerts: configuration error: {string.Join(" ", ex.Failures)}");
            return Usage;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            // Start-up validation reports every wrong setting at once.
            await errors.WriteLineAsync($"alerts: configuration error: {string.Join(" ", ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures))}");
            return Usage;
        }
    }

    private static RootCommand Build(TextWriter stdout, TextWriter stderr, Action<IServiceCollection>? configure, IDictionary<string, string?>? settings)
    {
        var root = new RootCommand("Export-policy alerts: watches official sources for chip export-control and tariff changes, keeps a hash-chained change log, and alerts people.");

        var urls = new Option<string>("--urls") { Description = $"Where to listen (default {ServerApp.DefaultUrl})." };
        var demo = new Option<bool>("--demo")
        {
            Description = "A demo on this machine: recorded documents of three sources replayed locally with scripted changes, e-mails caught in a local mailbox, " +
                "webhooks sent to a local receiver; prints an admin and an auditor key. Needs Azurite; clears its own tables at start."
        };
        var demoFolder = new Option<string>("--demo-folder") { Description = "Where the demo keeps its mailbox (.eml files) (default .demo in the current folder)." };
        var serve = new Command("serve",
            "Run the service: the HTTP API under /api, the scheduled polls and the queue workers, against the configured storage (Azurite by default).") { urls, demo, demoFolder };
        serve.SetAction(async (pr, ct) =>
        {
            if (pr.GetValue(demo))
            {
                return await ServeDemoAsync(pr.GetValue(urls), pr.GetValue(demoFolder), stdout, stderr, configure, settings, ct);
            }

            var args = pr.GetValue(urls) is { Length: > 0 } u ? new[] { "--urls", u } : [];
            await using var app = ServerApp.Build(args, configure, settings: settings);
            await ServerApp.EnsureStorageAsync(app.Services, ct);
            await stderr.WriteLineAsync($"alerts: serving on {string.Join(", ", app.Urls.DefaultIfEmpty(pr.GetValue(urls) ?? ServerApp.DefaultUrl))}; Ctrl+C stops.");
            await app.RunAsync(ct);
            return Ok;
        });
        root.Subcommands.Add(serve);

        var pollSources = new Option<string[]>("--source") { Description = "A source id to poll (repeat for several; default: every enabled source).", Arity = ArgumentArity.ZeroOrMore };
        var pollJson = new Option<bool>("--json") { Description = "Write one JSON object per newly recorded change to stdout, one per line." };
        var poll = new Command("poll", "Poll sources now and record what changed. Exit code 0: all polled; 3: at least one source failed (the others are recorded).") { pollSources, pollJson };
        poll.SetAction(async (pr, ct) =>
        {
            using var host = BuildHost(configure, settings);
            var sp = host.Services;
            await ServerApp.EnsureStorageAsync(sp, ct);
            var known = await sp.GetRequiredService<SourceRegistry>().ListAsync(ct);
            var ids = pr.GetValue(pollSources) is { Length: > 0 } chosen ? chosen : [.. known.Where(s => s.Enabled).Select(s => s.Id)];
            foreach (var id in ids)
            {
                if (!known.Any(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase)))
                {
                    await stderr.WriteLineAsync($"alerts: no source '{id}'. Known: {string.Join(", ", known.Select(s => s.Id))}.");
                    return Usage;
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

            return failed > 0 ? SourceFailed : Ok;
        });
        root.Subcommands.Add(poll);

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
            using var host = BuildHost(configure, settings);
            await ServerApp.EnsureStorageAsync(host.Services, ct);
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

            return Ok;
        });
        root.Subcommands.Add(changes);

        root.Subcommands.Add(AccessCommands.Verify(stdout, stderr, configure, settings));
        root.Subcommands.Add(AccessCommands.Anchor(stdout, stderr, configure, settings));
        root.Subcommands.Add(AccessCommands.Keys(stdout, stderr, configure, settings));
        root.Subcommands.Add(QueueCommands.Queues(stdout, stderr, configure, settings));

        var sourcesJson = new Option<bool>("--json") { Description = "JSON instead of a table." };
        var sources = new Command("sources", "List the sources with their health: last success, consecutive failures, last error, next poll.") { sourcesJson };
        sources.SetAction(async (pr, ct) =>
        {
            using var host = BuildHost(configure, settings);
            await ServerApp.EnsureStorageAsync(host.Services, ct);
            var rows = await host.Services.GetRequiredService<SourceAdministration>().ListAsync(ct);
            if (pr.GetValue(sourcesJson))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(rows, ApiJson.Options));
                return Ok;
            }

            await stdout.WriteLineAsync($"{"SOURCE",-36} {"ON",-3} {"LAST ATTEMPT",-17} {"LAST SUCCESS",-17} {"FAILS",5} {"NEXT DUE",-17} LAST ERROR");
            foreach (var r in rows)
            {
                await stdout.WriteLineAsync(
                    $"{r.Id,-36} {(r.Enabled ? "yes" : "no"),-3} {When(r.LastAttemptAt),-17} {When(r.LastSuccessAt),-17} {r.ConsecutiveFailures,5} {When(r.NextDueAt),-17} {r.LastError}");
            }

            return Ok;
        });
        foreach (var enable in new[] { false, true })
        {
            var idArgument = new Argument<string>("id") { Description = "The source id (see 'alerts sources')." };
            var toggle = new Command(enable ? "enable" : "disable", enable
                ? "Turn a source on (an operator override stored over the catalog)."
                : "Turn a source off: the scheduler stops polling it (an operator override stored over the catalog).") { idArgument };
            toggle.SetAction(async (pr, ct) =>
            {
                using var host = BuildHost(configure, settings);
                await ServerApp.EnsureStorageAsync(host.Services, ct);
                var id = pr.GetValue(idArgument) ?? "";
                var result = await host.Services.GetRequiredService<SourceAdministration>().SetEnabledAsync(id, enable, ct);
                if (!result.Done)
                {
                    await stderr.WriteLineAsync($"alerts: no source '{id}'. Known: {string.Join(", ", result.Known ?? [])}.");
                    return Usage;
                }

                await stdout.WriteLineAsync($"{result.Id}: {(enable ? "enabled" : "disabled")}");
                return Ok;
            });
            sources.Subcommands.Add(toggle);
        }

        var addId = new Argument<string>("id") { Description = "The new source's id (lower-case letters, digits, dashes)." };
        var addKind = new Option<string>("--kind") { Description = "The source kind: feed, page, github, federal-register, ecfr, screening-list, hts.", Required = true };
        var addBaseUrl = new Option<string>("--base-url") { Description = "The origin the source talks to, e.g. https://www.bis.gov.", Required = true };
        var addName = new Option<string>("--name") { Description = "A name people read." };
        var addJurisdiction = new Option<string>("--jurisdiction") { Description = "US, CN, EU, NL, JP, KR, TW, UK or other." };
        var addInterval = new Option<int?>("--interval") { Description = "Minutes between polls (default 60)." };
        var addNews = new Option<bool>("--news") { Description = "Recorded as news, not as an official source." };
        var addSettings = new Option<string[]>("--setting")
        {
            Description = "A kind-specific setting as key=value (repeat), e.g. --setting url=https://www.bis.gov/rss.xml.", Arity = ArgumentArity.ZeroOrMore
        };
        var add = new Command("add", "Add a source (stored with the service's state; the scheduler polls it from the next minute).")
        {
            addId, addKind, addBaseUrl, addName, addJurisdiction, addInterval, addNews, addSettings
        };
        add.SetAction(async (pr, ct) =>
        {
            var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var kv in pr.GetValue(addSettings) ?? [])
            {
                var i = kv.IndexOf('=', StringComparison.Ordinal);
                if (i <= 0)
                {
                    await stderr.WriteLineAsync($"alerts: --setting '{kv}' is not key=value.");
                    return Usage;
                }

                pairs[kv[..i]] = kv[(i + 1)..];
            }

            using var host = BuildHost(configure, settings);
            await ServerApp.EnsureStorageAsync(host.Services, ct);
            var id = pr.GetValue(addId) ?? "";
            var result = await host.Services.GetRequiredService<SourceAdministration>().AddAsync(
                new NewSource(id, pr.GetValue(addKind) ?? "", pr.GetValue(addBaseUrl) ?? "", pr.GetValue(addName), pr.GetValue(addJurisdiction), !pr.GetValue(addNews),
                    pr.GetValue(addInterval), pairs),
                ct);
            if (!result.Done)
            {
                await stderr.WriteLineAsync($"alerts: {result.Error}");
                return Usage;
            }

            await stdout.WriteLineAsync($"{id}: added");
            return Ok;
        });
        sources.Subcommands.Add(add);

        var confirmId = new Argument<string>("id") { Description = "The source id (see 'alerts sources')." };
        var confirm = new Command("confirm", "Accept the suspect fetch a source holds (an implausible drop in entries, shown as its last error): its next poll records the removals.") { confirmId };
        confirm.SetAction(async (pr, ct) =>
        {
            using var host = BuildHost(configure, settings);
            await ServerApp.EnsureStorageAsync(host.Services, ct);
            var id = pr.GetValue(confirmId) ?? "";
            var result = await host.Services.GetRequiredService<SourceAdministration>().ConfirmAsync(id, ct);
            if (!result.Done)
            {
                await stderr.WriteLineAsync(result.Status == SourceAdminStatus.NothingHeld
                    ? $"alerts: {result.Error}"
                    : $"alerts: no source '{id}'. Known: {string.Join(", ", result.Known ?? [])}.");
                return Usage;
            }

            await stdout.WriteLineAsync($"{result.Id}: confirmed; its next poll records the held drop");
            return Ok;
        });
        sources.Subcommands.Add(confirm);

        var removeId = new Argument<string>("id") { Description = "The id of a source added with 'alerts sources add'." };
        var remove = new Command("remove", "Remove a source an operator added (catalog sources can only be disabled).") { removeId };
        remove.SetAction(async (pr, ct) =>
        {
            using var host = BuildHost(configure, settings);
            await ServerApp.EnsureStorageAsync(host.Services, ct);
            var id = pr.GetValue(removeId) ?? "";
            var result = await host.Services.GetRequiredService<SourceAdministration>().RemoveAsync(id, ct);
            if (!result.Done)
            {
                await stderr.WriteLineAsync(result.Status == SourceAdminStatus.BuiltIn
                    ? $"alerts: '{id}' is a catalog source: disable it instead (alerts sources disable {id})."
                    : $"alerts: no operator-added source '{id}'.");
                return Usage;
            }

            await stdout.WriteLineAsync($"{id}: removed");
            return Ok;
        });
        sources.Subcommands.Add(remove);

        root.Subcommands.Add(sources);

        var subscribersJson = new Option<bool>("--json") { Description = "JSON instead of a table." };
        var subscribers = new Command("subscribers", "Count e-mail subscribers by state (pending, active, unsubscribed, deactivated, erased).") { subscribersJson };
        subscribers.SetAction(async (pr, ct) =>
        {
            using var host = BuildHost(configure, settings);
            await ServerApp.EnsureStorageAsync(host.Services, ct);
            var counts = await host.Services.GetRequiredService<SubscriberStore>().CountByStateAsync(ct);
            if (pr.GetValue(subscribersJson))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(counts, ApiJson.Options));
                return Ok;
            }

            foreach (var (state, count) in counts)
            {
                await stdout.WriteLineAsync($"{state,-14} {count,8}");
            }

            await stdout.WriteLineAsync($"{"total",-14} {counts.Values.Sum(),8}");
            return Ok;
        });
        root.Subcommands.Add(subscribers);

        var changeId = new Option<string>("--change") { Description = "The change id (chg_...).", Required = true };
        var deliveriesJson = new Option<bool>("--json") { Description = "JSON instead of a table." };
        var deliveries = new Command("deliveries", "E-mail delivery statistics of one change: recipients by status (pending, sent, delivered, opened, bounced, ...).") { changeId, deliveriesJson };
        deliveries.SetAction(async (pr, ct) =>
        {
            using var host = BuildHost(configure, settings);
            await ServerApp.EnsureStorageAsync(host.Services, ct);
            var id = pr.GetValue(changeId)!;
            if (await host.Services.GetRequiredService<ChangeLogStore>().FindAsync(id, ct) is null)
            {
                await stderr.WriteLineAsync($"alerts: no change '{id}'.");
                return Failed;
            }

            var counts = await host.Services.GetRequiredService<EmailDeliveryStore>().StatisticsAsync(id, ct);
            if (pr.GetValue(deliveriesJson))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(new { changeId = id, email = counts }, ApiJson.Options));
                return Ok;
            }

            await stdout.WriteLineAsync($"E-mail deliveries of {id}:");
            foreach (var (status, count) in counts)
            {
                await stdout.WriteLineAsync($"  {status,-12} {count,8}");
            }

            await stdout.WriteLineAsync($"  {"total",-12} {counts.Values.Sum(),8}");
            return Ok;
        });
        root.Subcommands.Add(deliveries);
        return root;
    }

    private static async Task<int> ServeDemoAsync(
        string? urls, string? folder, TextWriter stdout, TextWriter stderr, Action<IServiceCollection>? configure, IDictionary<string, string?>? settings, CancellationToken ct)
    {
        DemoSession session;
        try
        {
            session = await DemoHost.StartAsync(
                new DemoStart { Url = urls is { Length: > 0 } ? urls : ServerApp.DefaultUrl, Folder = folder is { Length: > 0 } ? folder : ".demo", Settings = settings, Configure = configure },
                ct);
        }
        catch (DemoRefusedException ex)
        {
            await stderr.WriteLineAsync($"alerts: {ex.Message}");
            return Usage;
        }

        await using (session)
        {
            await stdout.WriteLineAsync(session.Guide);
            await session.App.WaitForShutdownAsync(ct);
        }

        return Ok;
    }

    private static string When(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never";

    /// <summary>A host for one command: configuration (appsettings, environment, user secrets), Core, validated options.</summary>
    internal static IHost BuildHost(Action<IServiceCollection>? configure, IDictionary<string, string?>? settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // The command line reports failures itself, one line each: logs below errors would be a wall of text.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Error" });
        builder.Services.AddAlertsCore(builder.Configuration);
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            // Validate now, as a host does when it starts: a wrong setting stops here, named.
            host.Services.GetService<IStartupValidator>()?.Validate();
            _ = host.Services.GetRequiredService<IOptions<AlertsOptions>>().Value;
            _ = host.Services.GetRequiredService<SourceCatalog>();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
