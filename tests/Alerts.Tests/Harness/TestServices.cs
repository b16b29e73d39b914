using Alerts.Core.Polling;
using Alerts.Core.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Alerts.Tests.Harness;

/// <summary>
/// Core wired exactly as the hosts wire it (AddAlertsCore), on Azurite, with its own storage prefix so each test has its
/// own tables and queues, deleted on dispose. Configuration is passed as "Alerts:..." keys.
/// </summary>
public sealed class TestServices : IAsyncDisposable
{
    private readonly bool _ownsProvider;

    private TestServices(IServiceProvider provider, string prefix, IReadOnlyDictionary<string, string?> settings, bool ownsProvider)
    {
        Provider = provider;
        Prefix = prefix;
        Settings = settings;
        _ownsProvider = ownsProvider;
    }

    /// <summary>A local address where nothing listens (the discard port): requests fail at once, locally.</summary>
    public const string DeadEnd = "http://127.0.0.1:9";

    /// <summary>The services: this object's own, or a host's (<see cref="ForHostAsync"/>).</summary>
    public IServiceProvider Provider { get; }

    public string Prefix { get; }

    /// <summary>Points another host's options (the CLI's, say) at this test's storage: the same Azurite and prefix.</summary>
    public void SameStorage(AlertsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.StorageConnectionString = Azurite.ConnectionString;
        options.StoragePrefix = Prefix;
    }

    /// <summary>The configuration the services were built with (to build another host on the same storage).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public FakeTimeProvider? Clock => Provider.GetService<TimeProvider>() as FakeTimeProvider;

    public T Get<T>() where T : notnull => Provider.GetRequiredService<T>();

    public static async Task<TestServices> CreateAsync(IDictionary<string, string?>? settings = null, FakeTimeProvider? clock = null, Action<IServiceCollection>? configure = null)
    {
        var all = await SettingsAsync(settings);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Development, ApplicationName = "Alerts.Tests", ContentRootPath = AppContext.BaseDirectory });
        if (clock is not null)
        {
            services.AddSingleton<TimeProvider>(clock);
        }

        services.AddAlertsCore(new ConfigurationBuilder().AddInMemoryCollection(all).Build());
        configure?.Invoke(services);
        return await ReadyAsync(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), all, ownsProvider: true);
    }

    /// <summary>
    /// A test's configuration: Azurite and a storage prefix of its own, every outside service at <see cref="DeadEnd"/>
    /// unless <paramref name="settings"/> points it elsewhere, then <paramref name="settings"/>.
    /// </summary>
    public static async Task<Dictionary<string, string?>> SettingsAsync(IDictionary<string, string?>? settings)
    {
        await Azurite.EnsureRunningAsync();
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Alerts:StorageConnectionString"] = Azurite.ConnectionString,
            ["Alerts:StoragePrefix"] = "t" + Guid.NewGuid().ToString("N")[..12],
        };
        // Safety net: every outside service points at a closed local port unless the test points it at its own
        // server, so no test can ever send a packet beyond 127.0.0.1.
        if (settings?.ContainsKey("Alerts:CatalogPath") != true)
        {
            foreach (var source in new SourceCatalog(Options.Create(new AlertsOptions())).All)
            {
                all[$"Alerts:Sources:{source.Id}:BaseUrl"] = DeadEnd;
            }
        }

        all["Alerts:SendGrid:BaseUrl"] = DeadEnd;
        all["Alerts:GitHub:BaseUrl"] = DeadEnd;
        all["Alerts:GitHub:AllowedRepositories"] = "*"; // tests of the allow-list set their own
        return all.Overlay(settings);
    }

    /// <summary>A host's services (the self-host's, built from <see cref="SettingsAsync"/>' configuration) as a test's: storage created, deleted on dispose.</summary>
    public static Task<TestServices> ForHostAsync(IServiceProvider host, IReadOnlyDictionary<string, string?> settings) => ReadyAsync(host, settings, ownsProvider: false);

    private static async Task<TestServices> ReadyAsync(IServiceProvider provider, IReadOnlyDictionary<string, string?> settings, bool ownsProvider)
    {
        await provider.GetRequiredService<AlertsStorage>().EnsureCreatedAsync();
        var poller = provider.GetRequiredService<SourcePoller>();
        poller.Limits = poller.Limits with { RetryDelay = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromSeconds(5) };
        return new TestServices(provider, settings["Alerts:StoragePrefix"]!, settings, ownsProvider);
    }

    /// <summary>Configuration for a source pointed at a local server.</summary>
    public static Dictionary<string, string?> PointAt(string sourceId, Uri server, IDictionary<string, string?>? more = null) =>
        new Dictionary<string, string?> { [$"Alerts:Sources:{sourceId}:BaseUrl"] = server.ToString().TrimEnd('/') }.Overlay(more);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Provider.GetRequiredService<AlertsStorage>().DeleteAllAsync();
        }
        catch (Azure.RequestFailedException)
        {
        }

        if (_ownsProvider && Provider is IAsyncDisposable owned)
        {
            await owned.DisposeAsync();
        }
    }
}
