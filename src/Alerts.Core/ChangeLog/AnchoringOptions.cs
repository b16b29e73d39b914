using System.ComponentModel.DataAnnotations;

namespace Alerts.Core.ChangeLog;

/// <summary>Settings under <c>Alerts:Anchoring</c>: where the chain head is published outside the storage account.</summary>
public sealed partial class AnchoringOptions : IValidatableObject
{
    public const string SectionName = "Alerts:Anchoring";

    /// <summary>GitHub repository ("owner/name") the anchors file is committed to. Unset: anchoring is off.</summary>
    public string? Repository { get; set; }

    /// <summary>Path of the anchors file in the repository (JSON Lines, one anchor a line).</summary>
    public string Path { get; set; } = "anchors/export-policy-alerts.jsonl";

    /// <summary>Branch to commit to; unset: the repository's default branch.</summary>
    public string? Branch { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Repository is { Length: > 0 } r && !RepositoryPattern().IsMatch(r))
        {
            yield return new ValidationResult($"Alerts:Anchoring:Repository must be 'owner/name' (got '{r}').", [nameof(Repository)]);
        }

        if (string.IsNullOrWhiteSpace(Path) || Path.StartsWith('/') || Path.EndsWith('/') || Path.Split('/').Any(s => s is "" or "." or ".."))
        {
            yield return new ValidationResult($"Alerts:Anchoring:Path must be a relative file path like anchors/log.jsonl (got '{Path}').", [nameof(Path)]);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RepositoryPattern();
}
