namespace Alerts.Core.Api;

/// <summary>Query-string values every route reads the same way.</summary>
public static class ApiQuery
{
    /// <summary>A date (whole day: start, or end with <paramref name="endOfDay"/>) or a date-time; UTC unless an offset is given.</summary>
    public static bool TryParseDate(string s, bool endOfDay, out DateTimeOffset value)
    {
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            value = new DateTimeOffset(d.ToDateTime(endOfDay ? TimeOnly.MaxValue : TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }
}
