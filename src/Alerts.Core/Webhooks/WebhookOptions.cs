using System.ComponentModel.DataAnnotations;

namespace Alerts.Core.Webhooks;

/// <summary>Settings under <c>Alerts:Webhooks</c>.</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string SectionName = "Alerts:Webhooks";

    /// <summary>Allows http:// endpoint URLs (local testing only). Off: only https is accepted.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// CIDR ranges (comma or space separated, e.g. "127.0.0.1/32") that endpoints may point into although the SSRF guard
    /// would refuse them (local testing only). Empty by default. The cloud metadata addresses stay refused.
    /// </summary>
    public string? AllowedNetworks { get; set; }

    /// <summary>Time-out of one webhook request, in seconds (15 by default).</summary>
    [Range(0.05, 300)]
    public double TimeoutSeconds { get; set; } = 15;

    /// <summary>Most bytes of an endpoint's response that are read; the rest is discarded unread.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    /// <summary>Webhook requests in flight at once in this process (each instance), over all endpoints.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrency { get; set; } = 256;

    /// <summary>
    /// Webhook requests in flight at once to one endpoint, across every instance of the app (leases in storage); a slow
    /// endpoint holds at most this many.
    /// </summary>
    [Range(1, 100)]
    public int MaxConcurrencyPerEndpoint { get; set; } = 4;

    /// <summary>How long the previous secret keeps signing after a rotation, in hours.</summary>
    [Range(0, 24 * 30)]
    public double SecretGraceHours { get; set; } = 24;

    /// <summary>
    /// Most webhook endpoints one team may register (25 by default); one more is refused with a 409 problem
    /// <c>webhook-endpoint-cap</c> naming this setting (Alerts:Webhooks:MaxEndpointsPerTeam).
    /// </summary>
    [Range(1, 10_000)]
    public int MaxEndpointsPerTeam { get; set; } = 25;

    /// <summary>Relative jitter applied to retry delays (0.1 = plus or minus 10 %).</summary>
    [Range(0, 0.5)]
    public double RetryJitter { get; set; } = 0.1;

    /// <summary>The parsed <see cref="AllowedNetworks"/>.</summary>
    public IReadOnlyList<IPNetwork> ParsedAllowedNetworks() =>
        [.. Split(AllowedNetworks).Select(s => IPNetwork.Parse(s))];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var s in Split(AllowedNetworks))
        {
            if (!IPNetwork.TryParse(s, out _))
            {
                yield return new ValidationResult(
                    $"Alerts:Webhooks:AllowedNetworks: '{s}' is not a CIDR range (write it like 127.0.0.1/32 or fd00::/8).",
                    [nameof(AllowedNetworks)]);
            }
        }
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
