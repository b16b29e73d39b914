using Alerts.Core.ChangeLog;

namespace Alerts.Core.Email;

/// <summary>What a subscriber wants: filters (empty means any), immediate or digest delivery, per story or per change.</summary>
public sealed record SubscriptionPreferences
{
    public IReadOnlyList<string> Topics { get; init; } = [];
    public IReadOnlyList<string> Jurisdictions { get; init; } = [];
    /// <summary>info, low, medium, high or critical.</summary>
    public string MinSeverity { get; init; } = "info";
    public IReadOnlyList<string> Sources { get; init; } = [];
    public IReadOnlyList<string> Keywords { get; init; } = [];
    /// <summary>immediate or digest.</summary>
    public string Mode { get; init; } = "immediate";
    /// <summary>daily or weekly (digest mode).</summary>
    public string Digest { get; init; } = "daily";
    /// <summary>Local hour 0-23 at which a digest is sent.</summary>
    public int Hour { get; init; } = 8;
    /// <summary>Day of a weekly digest (monday ... sunday).</summary>
    public string Day { get; init; } = "monday";
    /// <summary>IANA time zone of <see cref="Hour"/>.</summary>
    public string TimeZone { get; init; } = "UTC";
    /// <summary>perChange: every matching change; perStory: only the first matching change of a story.</summary>
    public string Granularity { get; init; } = "perChange";

    /// <summary><see cref="MinSeverity"/> as a <see cref="Severity"/> (any case; info when it is none of the words, which <see cref="Validate"/> refuses).</summary>
    public Severity MinimumSeverity() => WireWords.TryParse<Severity>(MinSeverity?.ToLowerInvariant(), out var minimum) ? minimum : Severity.Info;

    public bool IsDigest => Mode == "digest";

    public bool PerStory => Granularity == "perStory";

    /// <summary>True when the change passes every filter.</summary>
    public bool Matches(ChangeRecord change)
    {
        if (change.Severity < MinimumSeverity())
        {
            return false;
        }

        if (Topics.Count > 0 && !change.Topics.Any(t => Topics.Contains(t, StringComparer.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (Jurisdictions.Count > 0 && !Jurisdictions.Contains(change.Jurisdiction, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Sources.Count > 0 && !Sources.Contains(change.SourceId, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Keywords.Count > 0)
        {
            var text = string.Join('\n', [change.Title, change.Summary ?? "", change.Description ?? "", .. change.Matched]);
            if (!Keywords.Any(k => text.Contains(k, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }

        return true;
    }

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>Checks every field; null when valid, otherwise a message naming the field.</summary>
    public string? Validate()
    {
        foreach (var (name, list, max) in new[] { ("topics", Topics, 50), ("jurisdictions", Jurisdictions, 50), ("sources", Sources, 50), ("keywords", Keywords, 50) })
        {
            if (list.Count > max)
            {
                return $"{name}: at most {max} values.";
            }

            if (list.Any(v => string.IsNullOrWhiteSpace(v) || v.Length > 100 || v.Any(char.IsControl)))
            {
                return $"{name}: each value must be 1 to 100 characters without control characters.";
            }
        }

        if (!WireWords.TryParse<Severity>(MinSeverity, out _))
        {
            return "minSeverity must be one of info, low, medium, high, critical.";
        }

        if (Mode is not ("immediate" or "digest"))
        {
            return "mode must be immediate or digest.";
        }

        if (Digest is not ("daily" or "weekly"))
        {
            return "digest must be daily or weekly.";
        }

        if (Hour is < 0 or > 23)
        {
            return "hour must be a whole number from 0 to 23.";
        }

        if (!Enum.TryParse<DayOfWeek>(Day, ignoreCase: true, out _) || int.TryParse(Day, out _))
        {
            return "day must be a day of the week (monday ... sunday).";
        }

        if (Granularity is not ("perChange" or "perStory"))
        {
            return "granularity must be perChange or perStory.";
        }

        if (TimeZone.Length is 0 or > 64 || TimeZone.Contains("..", StringComparison.Ordinal) || TimeZone.StartsWith('/')
            || TimeZone.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '+' or '/')) || !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            return $"timeZone: '{TimeZone}' is not a known IANA time zone (e.g. Europe/Berlin).";
        }

        return null;
    }

    public DayOfWeek DayOfWeek => Enum.Parse<DayOfWeek>(Day, ignoreCase: true);
}
