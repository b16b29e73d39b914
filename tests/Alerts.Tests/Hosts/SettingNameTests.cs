using System.Text.RegularExpressions;
using Alerts.Core.Sources;

namespace Alerts.Tests.Hosts;

/// <summary>
/// Every documented setting can be set where operators set things: as an Azure app setting (letters, digits, '_' and
/// '.') and as a shell variable (letters, digits and '_', not starting with a digit).
/// </summary>
public sealed partial class SettingNameTests
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex ShellName();

    [GeneratedRegex("^[A-Za-z0-9_.]+$")]
    private static partial Regex AppSettingName();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"\{\s*name:\s*'([^']+)'")]
    private static partial Regex BicepSettingName();

    /// <summary>The setting names in README.md's Configuration table, with &lt;id&gt; written as each catalog id's app-setting spelling.</summary>
    private static List<string> ReadmeSettings()
    {
        var lines = File.ReadAllLines(Path.Combine(Paths.RepoRoot, "README.md"));
        var start = Array.FindIndex(lines, l => l.Trim() == "## Configuration");
        Assert.True(start >= 0, "README.md has no '## Configuration' section");
        var ids = new SourceCatalog(Options.Create(new AlertsOptions())).All.Select(s => s.Id).ToList();
        var names = new List<string>();
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith('#')).Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var first = line.Split('|')[1];
            string? parent = null;
            foreach (Match m in Code().Matches(first))
            {
                var name = m.Groups[1].Value;
                if (name.StartsWith("__", StringComparison.Ordinal))
                {
                    name = parent + name; // `Alerts__SendGrid__Enabled`, `__ApiKey`: the same group
                }
                else
                {
                    parent = name[..name.LastIndexOf("__", StringComparison.Ordinal)];
                }

                foreach (var id in name.Contains("<id>", StringComparison.Ordinal) ? ids : ["-"])
                {
                    names.Add(name.Replace("<id>", SourceSettingNames.AppSettingName(id), StringComparison.Ordinal).Replace("<key>", "url", StringComparison.Ordinal));
                }
            }
        }

        return names;
    }

    [Fact]
    public void Every_setting_in_the_readme_configuration_table_is_a_valid_app_setting_and_shell_variable_name()
    {
        var names = ReadmeSettings();

        Assert.Contains("Alerts__TokenSigningKey", names);
        Assert.Contains("Alerts__Sources__federal_register__BaseUrl", names);
        Assert.Contains("Alerts__SendGrid__ApiKey", names);
        Assert.All(names, n => Assert.Matches(AppSettingName(), n));
        Assert.All(names, n => Assert.Matches(ShellName(), n));
    }

    [Fact]
    public void Every_app_setting_in_the_bicep_templates_is_a_valid_app_setting_and_shell_variable_name()
    {
        var names = Directory.GetFiles(Path.Combine(Paths.RepoRoot, "infra"), "*.bicep", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadAllLines(f)
                .Where(l => l.Contains("value:", StringComparison.Ordinal))
                .Select(l => BicepSettingName().Match(l))
                .Where(m => m.Success)
                .Select(m => m.Groups[1].Value))
            .ToList();

        Assert.Contains("Alerts__TokenSigningKey", names);
        Assert.All(names, n => Assert.Matches(AppSettingName(), n));
        Assert.All(names, n => Assert.Matches(ShellName(), n));
    }
}
