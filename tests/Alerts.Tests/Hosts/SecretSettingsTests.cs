using Alerts.Server.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Alerts.Tests.Hosts;

/// <summary>Outside the Development environment, start-up refuses a signing key or secret that is a built-in default, short, or an unresolved reference.</summary>
public sealed class SecretSettingsTests
{
    /// <summary>A secret good enough for production (48 characters).</summary>
    private const string Strong = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL";

    private static Dictionary<string, string?> Production(params (string Key, string? Value)[] more)
    {
        var d = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Alerts:TokenSigningKey"] = Strong, ["Alerts:PreviousTokenSigningKeyUntil"] = "2030-01-01T00:00:00Z" };
        foreach (var (k, v) in more)
        {
            d[k] = v;
        }

        return d;
    }

    private static Dictionary<string, string?> SendGridOn(string? apiKey, string? eventKey = null) => Production(
        ("Alerts:SendGrid:Enabled", "true"), ("Alerts:SendGrid:From", "alerts@example.org"), ("Alerts:SendGrid:ApiKey", apiKey), ("Alerts:SendGrid:EventWebhookPublicKey", eventKey));

    public static TheoryData<string, string, string?> Refused => new()
    {
        // setting named, key, value (null: left at its default)
        { "Alerts:TokenSigningKey", "Alerts:TokenSigningKey", null },
        { "Alerts:TokenSigningKey", "Alerts:TokenSigningKey", "twenty-chars-secret!" },
        { "Alerts:TokenSigningKey", "Alerts:TokenSigningKey", "@Microsoft.KeyVault(SecretUri=https://kv-alerts.vault.azure.net/secrets/token-signing-key)" },
        { "Alerts:TokenSigningKey", "Alerts:TokenSigningKey", "${ALERTS_TOKEN_SIGNING_KEY_FROM_THE_DEPLOYMENT_PIPELINE}" },
        { "Alerts:PreviousTokenSigningKey", "Alerts:PreviousTokenSigningKey", "short-previous-key" },
        { "Alerts:Keys:BootstrapAdminKey", "Alerts:Keys:BootstrapAdminKey", "@Microsoft.KeyVault(SecretUri=https://kv-alerts.vault.azure.net/secrets/bootstrap-admin-key)" },
        { "Alerts:GitHub:Token", "Alerts:GitHub:Token", "ghp_short" },
        { "Alerts:GitHub:Token", "Alerts:GitHub:Token", "@Microsoft.KeyVault(SecretUri=https://kv-alerts.vault.azure.net/secrets/github-token)" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Outside_development_a_default_short_or_unresolved_secret_stops_start_up_with_one_line_naming_it(string named, string key, string? value)
    {
        var settings = Production();
        if (value is null)
        {
            settings.Remove(key);
        }
        else
        {
            settings[key] = value;
        }

        var failures = CoreHost.StartUpFailures(Environments.Production, settings);

        var line = Assert.Single(failures);
        Assert.StartsWith(named + " ", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        if (value is { Length: > 0 } && !value.StartsWith('@') && !value.StartsWith('$'))
        {
            Assert.DoesNotContain(value, line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Outside_development_an_enabled_sendgrid_needs_a_real_api_key()
    {
        var short_ = CoreHost.StartUpFailures(Environments.Production, SendGridOn("SG.too-short"));
        var reference = CoreHost.StartUpFailures(Environments.Production, SendGridOn("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/sendgrid-api-key)"));
        var eventKey = CoreHost.StartUpFailures(Environments.Production,
            SendGridOn("SG." + Strong + "." + Strong, "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/sendgrid-event-key)"));
        var off = CoreHost.StartUpFailures(Environments.Production, Production(("Alerts:SendGrid:ApiKey", "SG.too-short")));

        Assert.StartsWith("Alerts:SendGrid:ApiKey ", Assert.Single(short_), StringComparison.Ordinal);
        Assert.StartsWith("Alerts:SendGrid:ApiKey ", Assert.Single(reference), StringComparison.Ordinal);
        Assert.StartsWith("Alerts:SendGrid:EventWebhookPublicKey ", Assert.Single(eventKey), StringComparison.Ordinal);
        Assert.Empty(off);
    }

    [Fact]
    public void Outside_development_strong_secrets_start()
    {
        var failures = CoreHost.StartUpFailures(Environments.Production, SendGridOn("SG." + Strong + "." + Strong));

        Assert.Empty(failures);
    }

    [Fact]
    public void In_development_the_built_in_defaults_and_short_test_secrets_start()
    {
        var failures = CoreHost.StartUpFailures(Environments.Development, new Dictionary<string, string?>
        {
            ["Alerts:SendGrid:Enabled"] = "true",
            ["Alerts:SendGrid:From"] = "alerts@example.org",
            ["Alerts:SendGrid:ApiKey"] = "SG.test",
            ["Alerts:GitHub:Token"] = "ghp_test",
        });

        Assert.Empty(failures);
    }

    [Fact]
    public void An_unresolved_key_vault_reference_is_refused_in_development_too()
    {
        var failures = CoreHost.StartUpFailures(Environments.Development, new Dictionary<string, string?>
        {
            ["Alerts:TokenSigningKey"] = "@Microsoft.KeyVault(SecretUri=https://kv-alerts.vault.azure.net/secrets/token-signing-key)",
        });

        Assert.StartsWith("Alerts:TokenSigningKey ", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_self_host_in_production_refuses_to_start_with_the_built_in_token_signing_key()
    {
        await using var app = ServerApp.Build(["--environment=Production", "--urls", "http://127.0.0.1:0"], runJobs: false);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains("Alerts:TokenSigningKey", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_self_host_in_development_starts_with_the_built_in_token_signing_key()
    {
        await using var app = ServerApp.Build(["--environment=Development", "--urls", "http://127.0.0.1:0"], runJobs: false);

        await app.StartAsync();

        Assert.True(app.Services.GetRequiredService<IHostEnvironment>().IsDevelopment());
        await app.StopAsync();
    }

    [Fact]
    public void The_functions_host_validates_the_same_at_start_in_its_own_environment()
    {
        // The environment comes from AZURE_FUNCTIONS_ENVIRONMENT or DOTNET_ENVIRONMENT: Development in the tests (and
        // without the host's environment the validation would take production and refuse the built-in key).
        using var development = FunctionsHost(new Dictionary<string, string?>());
        using var unresolved = FunctionsHost(new Dictionary<string, string?> { ["Alerts:TokenSigningKey"] = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/token-signing-key)" });

        development.Services.GetRequiredService<IStartupValidator>().Validate();
        var ex = Assert.Throws<OptionsValidationException>(() => unresolved.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.True(development.Services.GetRequiredService<IHostEnvironment>().IsDevelopment());
        Assert.StartsWith("Alerts:TokenSigningKey ", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    /// <summary>The Functions app as its Program.cs wires it (FunctionsApplication.CreateBuilder, AddAlertsCore); built, not run: running needs the Functions host.</summary>
    private static IHost FunctionsHost(Dictionary<string, string?> settings)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddAlertsCore(builder.Configuration);
        return builder.Build();
    }
}
