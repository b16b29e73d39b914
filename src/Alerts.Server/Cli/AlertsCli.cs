using Alerts.Core.Sources;
using Alerts.Server.Demo;
using Microsoft.Extensions.Options;

namespace Alerts.Server.Cli;

/// <summary>The <c>alerts</c> command line: serve, poll, changes, verify, anchor, keys, sources.</summary>
public static class AlertsCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int SourceFailed = 3;

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

        root.Subcommands.Add(ChangeCommands.Poll(stdout, stderr, configure, settings));
        root.Subcommands.Add(ChangeCommands.Changes(stdout, stderr, configure, settings));
        root.Subcommands.Add(AccessCommands.Verify(stdout, stderr, configure, settings));
        root.Subcommands.Add(AccessCommands.Anchor(stdout, stderr, configure, settings));
        root.Subcommands.Add(AccessCommands.Keys(stdout, stderr, configure, settings));
        root.Subcommands.Add(QueueCommands.Queues(stdout, stderr, configure, settings));
        root.Subcommands.Add(SourceCommands.Sources(stdout, stderr, configure, settings));
        root.Subcommands.Add(EmailCommands.Subscribers(stdout, stderr, configure, settings));
        root.Subcommands.Add(EmailCommands.Deliveries(stdout, stderr, configure, settings));
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

    /// <summary>A host for one command that reads or writes storage: <see cref="BuildHost"/>, then its tables and queues made sure of.</summary>
    internal static async Task<IHost> BuildStorageHostAsync(Action<IServiceCollection>? configure, IDictionary<string, string?>? settings, CancellationToken ct)
    {
        var host = BuildHost(configure, settings);
        try
        {
            await ServerApp.EnsureStorageAsync(host.Services, ct);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

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
