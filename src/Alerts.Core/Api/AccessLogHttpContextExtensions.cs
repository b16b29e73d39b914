namespace Alerts.Core.Api;

public static class AccessLogHttpContextExtensions
{
    private const string Key = "alerts.rows";

    /// <summary>How many rows the response carries (for the access log).</summary>
    public static void SetRows(this HttpContext context, long rows) => context.Items[Key] = rows;

    public static long Rows(this HttpContext context) => context.Items.TryGetValue(Key, out var v) && v is long n ? n : 0;
}
