using System.ComponentModel.DataAnnotations;
using Alerts.Core.Delivery;

namespace Alerts.Core.Email;

/// <summary>Settings under <c>Alerts:SendGrid</c>: e-mail alerts through SendGrid's v3 API.</summary>
public sealed class SendGridOptions : IValidatableObject
{
    public const string SectionName = "Alerts:SendGrid";

    /// <summary>Turns e-mail alerts on. When on, ApiKey and From must be set (checked at start-up).</summary>
    public bool Enabled { get; set; }

    /// <summary>Origin of the SendGrid API (a proxy or a local test server can stand in).</summary>
    public string BaseUrl { get; set; } = "https://api.sendgrid.com";

    /// <summary>SendGrid API key with the Mail Send permission. A secret: from Key Vault in Azure, never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Sender address, e.g. alerts@example.org (a verified sender in SendGrid).</summary>
    public string? From { get; set; }

    /// <summary>Sender display name.</summary>
    public string FromName { get; set; } = "Export-policy alerts";

    /// <summary>Optional mailto address for List-Unsubscribe (unsubscribe requests arriving by mail are handled by the operator).</summary>
    public string? UnsubscribeMailto { get; set; }

    /// <summary>Base64 (DER SubjectPublicKeyInfo) ECDSA public key of the signed Event Webhook, as SendGrid shows it. Empty: events are refused.</summary>
    public string? EventWebhookPublicKey { get; set; }

    /// <summary>Recipients per SendGrid request (SendGrid allows at most 1,000 personalizations).</summary>
    [Range(1, 1000)]
    public int MaxPersonalizationsPerRequest { get; set; } = 1000;

    /// <summary>Time-out of one SendGrid request, in seconds.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Hours a confirmation link stays valid.</summary>
    [Range(1, 24 * 14)]
    public int ConfirmationHours { get; set; } = 48;

    /// <summary>Days an unsubscribe or preferences link in an e-mail stays valid.</summary>
    [Range(1, 366)]
    public int ManageLinkDays { get; set; } = 90;

    /// <summary>Accepted age of a signed event-webhook timestamp, in minutes (replay protection).</summary>
    [Range(1, 24 * 60)]
    public int EventMaxAgeMinutes { get; set; } = 15;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"Alerts:SendGrid:BaseUrl must be an absolute http or https URL (got '{BaseUrl}').", [nameof(BaseUrl)]);
        }

        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return new ValidationResult("Alerts:SendGrid:ApiKey must be set when Alerts:SendGrid:Enabled is true.", [nameof(ApiKey)]);
        }

        if (!EmailAddresses.TryNormalize(From, out _, out _))
        {
            yield return new ValidationResult("Alerts:SendGrid:From must be a valid e-mail address (e.g. alerts@example.org) when Alerts:SendGrid:Enabled is true.", [nameof(From)]);
        }

        if (UnsubscribeMailto is { Length: > 0 } && !EmailAddresses.TryNormalize(UnsubscribeMailto, out _, out _))
        {
            yield return new ValidationResult("Alerts:SendGrid:UnsubscribeMailto must be a valid e-mail address or empty.", [nameof(UnsubscribeMailto)]);
        }

        if (EventWebhookPublicKey is { Length: > 0 } key && !SecretValues.IsUnresolvedReference(key) && !IsPublicKey(key))
        {
            yield return new ValidationResult(
                "Alerts:SendGrid:EventWebhookPublicKey must be the base64 ECDSA public key SendGrid shows for the signed Event Webhook.", [nameof(EventWebhookPublicKey)]);
        }
    }

    private static bool IsPublicKey(string key)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(key), out _);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return false;
        }
    }
}
