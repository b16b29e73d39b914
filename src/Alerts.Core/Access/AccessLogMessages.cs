namespace Alerts.Core.Access;

internal static partial class AccessLogMessages
{
    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Error, Message = "Could not record access by key {KeyId} to {Route}")]
    public static partial void LogAccessLogFailed(Microsoft.Extensions.Logging.ILogger logger, string keyId, string route, Exception exception);
}
