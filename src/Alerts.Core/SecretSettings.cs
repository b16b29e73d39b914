using Alerts.Core.Access;
using Alerts.Core.Email;
using Alerts.Core.GitHub;
using Microsoft.Extensions.Hosting;

namespace Alerts.Core;

/// <summary>
/// Start-up checks of the signing keys and secrets, failing closed: outside the Development environment a built-in
/// default, a value shorter than <see cref="MinLength"/> characters, and in every environment a value that is plainly an
/// unresolved reference (<c>@Microsoft.KeyVault(...)</c> left as text when App Service could not read the secret, an
/// unexpanded <c>${...}</c> or <c>$(...)</c>) stop start-up with one line naming the setting and what to do. The
/// environment is the host's <see cref="IHostEnvironment"/>; without one it is taken as production.
/// </summary>
public sealed class SecretSettings(bool development) :
    IValidateOptions<AlertsOptions>, IValidateOptions<ApiKeyOptions>, IValidateOptions<SendGridOptions>, IValidateOptions<GitHubOptions>
{
    /// <summary>Shortest signing key or secret accepted outside Development.</summary>
    public const int MinLength = 32;

    private const string Generate = "generate one with 'openssl rand -base64 48'";

    /// <summary>Registers the checks for the options classes that hold secrets, in the environment of the host.</summary>
    public static IServiceCollection AddSecretChecks(IServiceCollection services)
    {
        services.AddSingleton(sp => new SecretSettings(sp.GetService<IHostEnvironment>()?.IsDevelopment() == true));
        services.AddSingleton<IValidateOptions<AlertsOptions>>(sp => sp.GetRequiredService<SecretSettings>());
        services.AddSingleton<IValidateOptions<ApiKeyOptions>>(sp => sp.GetRequiredService<SecretSettings>());
        services.AddSingleton<IValidateOptions<SendGridOptions>>(sp => sp.GetRequiredService<SecretSettings>());
        services.AddSingleton<IValidateOptions<GitHubOptions>>(sp => sp.GetRequiredService<SecretSettings>());
        return services;
    }

    /// <summary>
    /// What is wrong with secret <paramref name="setting"/> (null: nothing). Empty values are left to the options' own
    /// checks; <paramref name="checkLength"/> false where the options check the length in every environment already.
    /// </summary>
    public static string? Problem(string setting, string? value, bool development, string whatToSet, string? builtInDefault = null, bool checkLength = true)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (SecretValues.IsUnresolvedReference(value))
        {
            return value.TrimStart().StartsWith('@')
                ? $"{setting} is a Key Vault reference that was not resolved (the text '@Microsoft.KeyVault(...)' arrived instead of the secret): " +
                    $"check that the secret exists and that the app's identity may read it (role Key Vault Secrets User), or set {whatToSet}."
                : $"{setting} is a variable reference that was never expanded (it starts with '{value.TrimStart()[..2]}'): set {whatToSet}.";
        }

        if (development)
        {
            return null;
        }

        if (value == builtInDefault)
        {
            return $"{setting} is the built-in development value, refused outside the Development environment: set {whatToSet}.";
        }

        return checkLength && value.Length < MinLength
            ? $"{setting} is shorter than {MinLength} characters, refused outside the Development environment: set {whatToSet}."
            : null;
    }

    public ValidateOptionsResult Validate(string? name, AlertsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = $"a secret of at least {MinLength} characters ({Generate})";
        return Result(
            Problem("Alerts:TokenSigningKey", options.TokenSigningKey, development, key, AlertsOptions.BuiltInTokenSigningKey),
            Problem("Alerts:PreviousTokenSigningKey", options.PreviousTokenSigningKey, development, "the key used before the rotation, or remove the setting"));
    }

    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Result(Problem("Alerts:Keys:BootstrapAdminKey", options.BootstrapAdminKey, development,
            $"a key of at least {ApiKeyOptions.MinBootstrapLength} characters ({Generate}), or leave it unset", checkLength: false));
    }

    public ValidateOptionsResult Validate(string? name, SendGridOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Result(
            options.Enabled ? Problem("Alerts:SendGrid:ApiKey", options.ApiKey, development, "the API key SendGrid issued (Settings > API Keys, Mail Send permission)") : null,
            Problem("Alerts:SendGrid:EventWebhookPublicKey", options.EventWebhookPublicKey, development, "the public key SendGrid shows for the signed Event Webhook, or leave it unset"));
    }

    public ValidateOptionsResult Validate(string? name, GitHubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Result(Problem("Alerts:GitHub:Token", options.Token, development, "a token GitHub issued, or leave it unset where GitHub is not used"));
    }

    private static ValidateOptionsResult Result(params string?[] problems) =>
        problems.Where(p => p is not null).ToList() is { Count: > 0 } failures ? ValidateOptionsResult.Fail(failures!) : ValidateOptionsResult.Success;
}
