using System.ComponentModel.DataAnnotations;

namespace Alerts.Core;

/// <summary>Settings under the <c>Alerts</c> section.</summary>
public sealed class AlertsOptions : IValidatableObject
{
    public const string SectionName = "Alerts";

    /// <summary>
    /// Settings a deployment (outside Development) must set, beyond each options class's own required members: their
    /// defaults are for a developer's machine (Azurite, a built-in signing key, a local address). infra/ sets each of
    /// them; a test holds the Bicep to this list.
    /// </summary>
    public static readonly IReadOnlyList<string> RequiredInDeployment =
        ["Alerts:StorageAccountName", "Alerts:TokenSigningKey", "Alerts:PublicBaseUrl", "Alerts:UserAgent"];

    /// <summary>The <see cref="TokenSigningKey"/> a fresh install has: accepted in the Development environment only.</summary>
    public const string BuiltInTokenSigningKey = "development-only-token-signing-key-change-me";

    /// <summary>Storage account connection string (tables, queues, blobs). Default: Azurite's development storage.</summary>
    public string StorageConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Storage account endpoint for managed identity in Azure, e.g. https://acct.table.core.windows.net (set instead of the connection string).</summary>
    public string? StorageAccountName { get; set; }

    /// <summary>Prefix for every table and queue name, so that several installs (or tests) share one account.</summary>
    [RegularExpression("^[a-z][a-z0-9]{0,15}$|^$", ErrorMessage = "Alerts:StoragePrefix must be empty or start with a lower-case letter followed by up to 15 lower-case letters or digits.")]
    public string StoragePrefix { get; set; } = "";

    /// <summary>User-Agent sent to every source; official servers ask for a contact.</summary>
    [Required]
    public string UserAgent { get; set; } = "export-policy-alerts/1.0 (+operator contact not configured)";

    /// <summary>Per-source overrides, keyed by source id (BaseUrl, Enabled, IntervalMinutes, ...).</summary>
    public Dictionary<string, SourceOverride> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Path of a catalog file replacing the built-in one.</summary>
    public string? CatalogPath { get; set; }

    /// <summary>
    /// Secret that signs continuation tokens and the unsubscribe and preferences links in e-mails. Outside the Development
    /// environment it must be set, at least 32 characters (a Key Vault reference in Azure).
    /// </summary>
    public string TokenSigningKey { get; set; } = BuiltInTokenSigningKey;

    /// <summary>
    /// The signing key before the last rotation: tokens and links it signed are still accepted (never issued) until
    /// <see cref="PreviousTokenSigningKeyUntil"/>, so that links in e-mails already sent keep working. Unset: none.
    /// </summary>
    public string? PreviousTokenSigningKey { get; set; }

    /// <summary>
    /// End of the grace period of <see cref="PreviousTokenSigningKey"/> (required with it), e.g. 2027-03-01T00:00:00Z. Links
    /// live at most Alerts:SendGrid:ManageLinkDays, so that long after the rotation every honest token is signed with the new key.
    /// </summary>
    public DateTimeOffset? PreviousTokenSigningKeyUntil { get; set; }

    /// <summary>True while tokens signed with <see cref="PreviousTokenSigningKey"/> are accepted (for verification only).</summary>
    public bool PreviousKeyAccepted(DateTimeOffset now) => PreviousTokenSigningKey is { Length: > 0 } && now < PreviousTokenSigningKeyUntil;

    /// <summary>Public base URL of this service, used in links sent to users.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:7071";

    /// <summary>Largest response body a source may send, in bytes (also after decompression).</summary>
    [Range(1024, 1L << 31)]
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Time-out for one source request, in seconds.</summary>
    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 60;

    /// <summary>Consecutive failures after which operators are alerted once.</summary>
    [Range(1, 1000)]
    public int FailureAlertThreshold { get; set; } = 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (id, o) in Sources)
        {
            if (o.BaseUrl is { Length: > 0 } url
                && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            {
                yield return new ValidationResult(
                    $"Alerts:Sources:{id}:BaseUrl must be an absolute http or https URL (got '{url}'); set it like http://127.0.0.1:8080.",
                    [$"Sources:{id}:BaseUrl"]);
            }

            if (o.IntervalMinutes is < 1 or > 7 * 24 * 60)
            {
                yield return new ValidationResult($"Alerts:Sources:{id}:IntervalMinutes must be between 1 and 10080.", [$"Sources:{id}:IntervalMinutes"]);
            }
        }

        if (string.IsNullOrWhiteSpace(StorageConnectionString) && string.IsNullOrWhiteSpace(StorageAccountName))
        {
            yield return new ValidationResult("Alerts:StorageConnectionString or Alerts:StorageAccountName must be set.", [nameof(StorageConnectionString)]);
        }

        if (TokenSigningKey.Length < 16)
        {
            yield return new ValidationResult("Alerts:TokenSigningKey must be at least 16 characters.", [nameof(TokenSigningKey)]);
        }

        if (PreviousTokenSigningKey is { Length: > 0 } && PreviousTokenSigningKeyUntil is null)
        {
            yield return new ValidationResult(
                "Alerts:PreviousTokenSigningKey needs Alerts:PreviousTokenSigningKeyUntil, when its grace period ends " +
                "(like 2027-03-01T00:00:00Z: Alerts:SendGrid:ManageLinkDays after the rotation keeps every e-mailed link working).",
                [nameof(PreviousTokenSigningKeyUntil)]);
        }

        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out _))
        {
            yield return new ValidationResult($"Alerts:PublicBaseUrl must be an absolute URL (got '{PublicBaseUrl}').", [nameof(PublicBaseUrl)]);
        }
    }
}
