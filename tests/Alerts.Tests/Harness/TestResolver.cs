using System.Net;
using System.Net.Sockets;
using Alerts.Core.Webhooks;

namespace Alerts.Tests.Harness;

/// <summary>DNS played by the test: names map to the addresses it sets; every lookup is recorded; any other name is not found.</summary>
public sealed class TestResolver : IHostResolver
{
    public ConcurrentDictionary<string, IPAddress[]> Answers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Lookups { get; } = new();

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken = default)
    {
        Lookups.Enqueue(host);
        return Answers.TryGetValue(host, out var a) ? Task.FromResult(a) : throw new SocketException((int)SocketError.HostNotFound);
    }
}
