namespace Alerts.Core.Webhooks;

/// <summary>Thrown inside a connection attempt the guard refused (nothing was sent).</summary>
public sealed class AddressRefusedException(string message) : HttpRequestException(message);
