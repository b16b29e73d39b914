namespace Alerts.Core.Webhooks;

/// <summary>Resolves a host name to addresses (an I/O seam: tests play DNS with their own resolver).</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken = default);
}
