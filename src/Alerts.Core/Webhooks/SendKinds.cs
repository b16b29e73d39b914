namespace Alerts.Core.Webhooks;

public static class SendKinds
{
    public const string Delivered = "delivered";
    public const string Retry = "retry";
    public const string Gone = "gone";
    public const string Busy = "busy";
}
