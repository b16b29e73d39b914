using System.Diagnostics;

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
        foreach (var expected in new[] { "Microsoft.Web/sites", "FlexConsumption", "dotnet-isolated", "Microsoft.KeyVault/vaults",
            "Microsoft.ManagedIdentity/userAssignedIdentities", "Microsoft.Authorization/roleAssignments", "Microsoft.Insights/components" })
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
        // The template creates them so the first deploy finds them; the Functions app also creates any missing at start.
        var storage = File.ReadAllText(Path.Combine(Paths.RepoRoot, "infra", "modules", "storage.bicep"));
        var tables = System.Text.RegularExpressions.Regex.Match(storage, @"\[for t in \[(?<list>[^\]]*)\]").Groups["list"].Value;
        var queues = System.Text.RegularExpressions.Regex.Match(storage, @"\[for q in \[(?<list>[^\]]*)\]").Groups["list"].Value;

        Assert.Equal(Alerts.Core.Storage.StorageNames.AllTables.Order(), tables.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(x => x.Trim('\'')).Order());
        Assert.Equal(Alerts.Core.Storage.StorageNames.AllQueues.Order(), queues.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(x => x.Trim('\'')).Order());
        Assert.Contains($"name: '{Alerts.Core.Storage.StorageNames.EvidenceContainer}'", storage, StringComparison.Ordinal);
    }
}

/// <summary>The app settings infra/ sets against the options the code binds (issue 16: none missing in Azure, none unused).</summary>
public sealed class BicepAppSettingsTests
{
    // Read by the Functions host and the Azure SDKs, not by Core's options.
    private static readonly string[] HostSettings =
    [
        "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId",
        "AZURE_CLIENT_ID", "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    private static List<string> BicepSettings() =>
        [.. System.Text.RegularExpressions.Regex.Matches(
                File.ReadAllText(Path.Combine(Paths.RepoRoot, "infra", "modules", "functionapp.bicep")),
                @"\{\s*name:\s*'(?<name>[^']+)',\s*value:")
            .Select(m => m.Groups["name"].Value)];

    /// <summary>Every options class the code binds: (section, type), from the SectionName constants.</summary>
    private static List<(string Section, Type Type)> OptionsClasses() =>
        [.. typeof(Alerts.Core.AlertsOptions).Assembly.GetTypes()
            .Select(t => (Type: t, Field: t.GetField("SectionName", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Type.GetProperties().Length > 0)
            .Select(x => ((string)x.Field!.GetRawConstantValue()!, x.Type))];

    /// <summary>True when configuration key <paramref name="key"/> ("Alerts:Keys:BootstrapAdminKey") lands on a bound property.</summary>
    private static bool IsBound(string key)
    {
        var match = OptionsClasses()
            .Where(o => key.StartsWith(o.Section + ":", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(o => o.Section.Length)
            .FirstOrDefault();
        if (match.Type is null)
        {
            return false;
        }

        var type = match.Type;
        foreach (var segment in key[(match.Section.Length + 1)..].Split(':'))
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                type = type.GetGenericArguments()[1];
                continue;
            }

            var property = type.GetProperty(segment, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite)
            {
                return false;
            }

            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }

        return true;
    }

    [Fact]
    public void Every_app_setting_the_template_sets_is_read_by_the_host_or_bound_by_the_code()
    {
        var unused = BicepSettings()
            .Where(s => !HostSettings.Contains(s, StringComparer.Ordinal))
            .Where(s => !Alerts.Core.Storage.QueueBindings.SettingByQueue.Values.Contains(s, StringComparer.Ordinal))
            .Where(s => !IsBound(s.Replace("__", ":", StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(unused);
        Assert.All(BicepSettings(), s => Assert.Matches("^[A-Za-z0-9_.]+$", s));
    }

    [Fact]
    public void Every_setting_a_deployment_needs_is_set_by_the_template()
    {
        var set = BicepSettings().Select(s => s.Replace("__", ":", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Required: C# required members of each options class, the deployment list next to AlertsOptions, the queue triggers' settings.
        var required = OptionsClasses()
            .SelectMany(o => o.Type.GetProperties()
                .Where(p => p.GetCustomAttributes(typeof(System.Runtime.CompilerServices.RequiredMemberAttribute), false).Length > 0)
                .Select(p => o.Section + ":" + p.Name))
            .Concat(Alerts.Core.AlertsOptions.RequiredInDeployment)
            .Concat(Alerts.Core.Storage.QueueBindings.SettingByQueue.Values)
            .ToList();

        Assert.All(required, r => Assert.True(set.Contains(r), $"infra/modules/functionapp.bicep does not set {r.Replace(":", "__", StringComparison.Ordinal)}"));
        Assert.All(Alerts.Core.AlertsOptions.RequiredInDeployment, r => Assert.True(IsBound(r), r));
    }

    [Fact]
    public void The_checker_refuses_a_setting_no_options_class_binds()
    {
        Assert.True(IsBound("Alerts:Keys:BootstrapAdminKey"));
        Assert.True(IsBound("Alerts:Sources:federal_register:BaseUrl"));
        Assert.False(IsBound("Alerts:Keys:BootstrapAdminKee"));
        Assert.False(IsBound("Alerts:NoSuchThing"));
    }

    [Fact]
    public void Optional_secrets_are_referenced_only_when_the_operator_says_they_exist_and_the_generated_ones_always()
    {
        var app = File.ReadAllText(Path.Combine(Paths.RepoRoot, "infra", "modules", "functionapp.bicep"));
        var hook = File.ReadAllText(Path.Combine(Paths.RepoRoot, "infra", "hooks", "postprovision.sh"));
        var azd = File.ReadAllText(Path.Combine(Paths.RepoRoot, "azure.yaml"));

        Assert.Contains("gitHubTokenConfigured ? [ { name: 'Alerts__GitHub__Token'", app, StringComparison.Ordinal);
        Assert.Contains("sendGridConfigured ? [ { name: 'Alerts__SendGrid__ApiKey'", app, StringComparison.Ordinal);
        // Every secret the app always references is one the hook generates.
        foreach (var secret in System.Text.RegularExpressions.Regex.Matches(app[..app.IndexOf("var optionalSettings", StringComparison.Ordinal)], @"secrets/(?<s>[a-z-]+)\)")
            .Select(m => m.Groups["s"].Value))
        {
            Assert.Contains($"ensure_secret {secret}", hook, StringComparison.Ordinal);
        }

        Assert.Contains("./infra/hooks/postprovision.sh", azd, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 48", hook, StringComparison.Ordinal);
    }
}
