using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Alerts.Tests.Harness;

/// <summary>
/// Core wired as the hosts wire it (AddAlertsCore) in a named environment, without storage: for tests of what start-up
/// accepts. <see cref="StartUpFailures"/> runs the same start-up validation a host runs before it serves.
/// </summary>
public static class CoreHost
{
    public static ServiceProvider Build(string environment, IDictionary<string, string?> settings)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = environment, ApplicationName = "Alerts.Tests", ContentRootPath = AppContext.BaseDirectory });
        services.AddAlertsCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }

    /// <summary>The messages start-up stops with (none: it starts).</summary>
    public static IReadOnlyList<string> StartUpFailures(string environment, IDictionary<string, string?> settings)
    {
        using var provider = Build(environment, settings);
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            return [.. ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)];
        }
    }
}
