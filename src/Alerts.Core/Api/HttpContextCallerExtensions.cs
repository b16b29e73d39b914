namespace Alerts.Core.Api;

public static class HttpContextCallerExtensions
{
    private const string Key = "alerts.caller";

    /// <summary>The authenticated caller of a role-protected route (set by <see cref="ApiHandlers"/>).</summary>
    public static ApiCaller? Caller(this HttpContext context) => context.Items.TryGetValue(Key, out var c) ? c as ApiCaller : null;

    internal static void SetCaller(this HttpContext context, ApiCaller caller) => context.Items[Key] = caller;
}
