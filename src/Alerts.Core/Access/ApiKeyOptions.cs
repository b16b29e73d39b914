using System.ComponentModel.DataAnnotations;

namespace Alerts.Core.Access;

/// <summary>Settings under <c>Alerts:Keys</c>.</summary>
public sealed class ApiKeyOptions : IValidatableObject
{
    public const string SectionName = "Alerts:Keys";

    /// <summary>Minimum length of <see cref="BootstrapAdminKey"/>.</summary>
    public const int MinBootstrapLength = 32;

    /// <summary>
    /// An admin key from configuration (Key Vault in Azure), so the first keys can be created over HTTP. At least 32
    /// characters; leave unset and use <c>alerts keys create --role admin</c> on the machine instead.
    /// </summary>
    public string? BootstrapAdminKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BootstrapAdminKey is { } key && (key.Length < MinBootstrapLength || key.Trim().Length != key.Length))
        {
            yield return new ValidationResult(
                $"Alerts:Keys:BootstrapAdminKey must be at least {MinBootstrapLength} characters without surrounding spaces (generate one with 'openssl rand -base64 48'), or be left unset.",
                [nameof(BootstrapAdminKey)]);
        }
    }
}
