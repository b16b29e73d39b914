using Alerts.Core.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Alerts.Tests.Polling;

/// <summary>
/// Per-source settings can be written with the source id's '-' as '_' (Alerts__Sources__federal_register__BaseUrl), the
/// only spelling Azure app settings and shell variables allow.
/// </summary>
public sealed class SourceSettingNameTests
{
    private static SourceCatalog Catalog(IDictionary<string, string?> settings)
    {
        using var provider = CoreHost.Build(Environments.Development, settings);
        return provider.GetRequiredService<SourceCatalog>();
    }

    [Fact]
    public void A_source_id_written_with_underscores_sets_that_source()
    {
        var catalog = Catalog(new Dictionary<string, string?>
        {
            ["Alerts:Sources:federal_register:BaseUrl"] = "http://127.0.0.1:9",
            ["Alerts:Sources:federal_register_public_inspection:Enabled"] = "false",
            ["Alerts:Sources:ecfr_ear:IntervalMinutes"] = "77",
            ["Alerts:Sources:ustr_press:Settings:url"] = "http://127.0.0.1:9/feed.xml",
        });

        Assert.Equal("http://127.0.0.1:9", catalog.Find("federal-register")!.BaseUrl);
        Assert.False(catalog.Find("federal-register-public-inspection")!.Enabled);
        Assert.Equal(77, catalog.Find("ecfr-ear")!.IntervalMinutes);
        Assert.Equal("http://127.0.0.1:9/feed.xml", catalog.Find("ustr-press")!.Settings["url"]);
        Assert.Null(catalog.Find("federal_register"));
    }

    [Fact]
    public void Environment_variables_as_bash_and_azure_write_them_set_the_source()
    {
        var prefix = "ALERTSTEST" + Guid.NewGuid().ToString("N")[..8] + "_";
        Environment.SetEnvironmentVariable(prefix + "Alerts__Sources__federal_register__BaseUrl", "http://127.0.0.1:9");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();

            var catalog = new SourceCatalog(Options.Create(configuration.GetSection("Alerts").Get<AlertsOptions>()!));

            Assert.Equal("http://127.0.0.1:9", catalog.Find("federal-register")!.BaseUrl);
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "Alerts__Sources__federal_register__BaseUrl", null);
        }
    }

    [Fact]
    public void Both_spellings_for_one_source_stop_start_up_naming_both()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Catalog(new Dictionary<string, string?>
        {
            ["Alerts:Sources:federal-register:BaseUrl"] = "http://127.0.0.1:9",
            ["Alerts:Sources:federal_register:Enabled"] = "false",
        }));

        var failure = Assert.Single(ex.Failures);
        Assert.Contains("Alerts:Sources:federal-register", failure, StringComparison.Ordinal);
        Assert.Contains("Alerts:Sources:federal_register", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_id_is_still_refused_in_either_spelling()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Catalog(new Dictionary<string, string?> { ["Alerts:Sources:no_such_source:Enabled"] = "false" }));

        Assert.Contains("Alerts:Sources:no_such_source", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_catalog_id_has_an_app_setting_spelling_that_maps_back_to_it()
    {
        var catalog = new SourceCatalog(Options.Create(new AlertsOptions()));

        foreach (var source in catalog.All)
        {
            var name = SourceSettingNames.AppSettingName(source.Id);
            Assert.Matches("^[A-Za-z0-9_]+$", name);
            Assert.Equal(source.Id, SourceSettingNames.ById(new Dictionary<string, SourceOverride> { [name] = new() }, [source.Id]).Keys.Single());
        }
    }
}
