using System.ComponentModel.DataAnnotations;

namespace Alerts.Core.Access;

/// <summary>Settings under <c>Alerts:AccessLog</c>.</summary>
public sealed class AccessLogOptions : IValidatableObject
{
    public const string SectionName = "Alerts:AccessLog";

    /// <summary>The longest <see cref="RetentionMonths"/> accepted (100 years).</summary>
    public const int MaxRetentionMonths = 1200;

    /// <summary>
    /// How many whole months of the access log are kept besides the current one (25 by default: an audit record). A month's
    /// partition is deleted by the Reconcile job once it ended more than this many months ago. 1 to 1200; 0 is refused
    /// (it would not mean "keep nothing", and never "keep forever").
    /// </summary>
    public int RetentionMonths { get; set; } = 25;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetentionMonths is < 1 or > MaxRetentionMonths)
        {
            yield return new ValidationResult(
                $"Alerts:AccessLog:RetentionMonths must be a whole number of months from 1 to {MaxRetentionMonths} (25 when unset); got {RetentionMonths}.",
                [nameof(RetentionMonths)]);
        }
    }
}
