using System.Diagnostics;
using System.Text.Json;
using Alerts.Tests.Infrastructure;

namespace Alerts.Tests.Infra;

/// <summary>infra/ compiles with the bicep CLI (restored as a NuGet package by this project).</summary>
public sealed class BicepTests
{
    private static string Bicep()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var bin = Path.Combine(packages, "azure.bicep.commandline.linux-x64", "0.49.2", "tools", "bicep");
        Assert.True(File.Exists(bin), $"bicep CLI not restored at {bin}");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(bin, File.GetUnixFileMode(bin) | UnixFileMode.UserExecute);
        }

        return bin;
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(Bicep()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["BICEP_TRACING_ENABLED"] = "false";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task The_infrastructure_template_compiles_to_a_function_app_on_flex_consumption()
    {
        var (code, output, errors) = await RunAsync("build", Path.Combine(Paths.RepoRoot, "infra", "main.bicep"), "--stdout");
        var lint = await RunAsync("lint", Path.Combine(Paths.RepoRoot, "infra", "main.bicep"));

        // Warnings count as failures: bicep reports a misspelled property only as a warning.
        Assert.True(code == 0 && errors.Trim().Length == 0, errors);
        Assert.True(lint.Code == 0 && lint.Err.Trim().Length == 0 && lint.Out.Trim().Length == 0, lint.Err + lint.Out);
        using var arm = JsonDocument.Parse(output);
        var text = arm.RootElement.GetRawText();
        foreach (var expected in new[] { "Microsoft.Web/sites", "FlexConsumption", "dotnet-isolated", "Microsoft.KeyVault/vaults", "Microsoft.ManagedIdentity/userAssignedIdentities", "Microsoft.Authorization/roleAssignments", "Microsoft.Insights/components" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_template_with_a_misspelled_property_fails_the_check()
    {
        var dir = Directory.CreateTempSubdirectory("bicep");
        try
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Paths.RepoRoot, "infra"), "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(dir.FullName, Path.GetRelativePath(Path.Combine(Paths.RepoRoot, "infra"), file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            var storage = Path.Combine(dir.FullName, "modules", "storage.bicep");
            File.WriteAllText(storage, File.ReadAllText(storage).Replace("allowSharedKeyAccess", "allowSharedKeyAcess", StringComparison.Ordinal));

            var (code, _, errors) = await RunAsync("build", Path.Combine(dir.FullName, "main.bicep"), "--stdout");

            // The same check as above refuses it: a diagnostic that names the property.
            Assert.False(code == 0 && errors.Trim().Length == 0);
            Assert.Contains("allowSharedKeyAcess", errors, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_template_creates_every_table_queue_and_container_the_service_uses()
    {
        // The Functions app does not create storage at start (its identity only has data roles): the template must.
        var storage = File.ReadAllText(Path.Combine(Paths.RepoRoot, "infra", "modules", "storage.bicep"));
        var tables = System.Text.RegularExpressions.Regex.Match(storage, @"\[for t in \[(?<list>[^\]]*)\]").Groups["list"].Value;
        var queues = System.Text.RegularExpressions.Regex.Match(storage, @"\[for q in \[(?<list>[^\]]*)\]").Groups["list"].Value;

        Assert.Equal(Alerts.Core.Storage.StorageNames.AllTables.Order(), tables.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(x => x.Trim('\'')).Order());
        Assert.Equal(Alerts.Core.Storage.StorageNames.AllQueues.Order(), queues.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(x => x.Trim('\'')).Order());
        Assert.Contains($"name: '{Alerts.Core.Storage.StorageNames.EvidenceContainer}'", storage, StringComparison.Ordinal);
    }
}
