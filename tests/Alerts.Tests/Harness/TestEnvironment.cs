using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Alerts.Tests.Harness;

/// <summary>
/// The tests run as the Development environment, as ./run.sh does: outside it start-up refuses the built-in signing key
/// and short secrets, which the tests use. Hosts built here read the environment from these variables; a test of the
/// production checks passes <c>--environment=Production</c> (the command line wins) or builds <see cref="CoreHost"/>.
/// </summary>
internal static class TestEnvironment
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The test assembly is the program here: the environment must be set before any host is built.")]
    internal static void RunAsDevelopment()
    {
        Environment.SetEnvironmentVariable("DOTNET_ENVIRONMENT", "Development");
        Environment.SetEnvironmentVariable("ASPNETCORE_ENVIRONMENT", "Development");
    }
}
