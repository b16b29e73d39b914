using System.Diagnostics;

namespace Alerts.Tests.Faults;

/// <summary>
/// An Azurite of one test's own, on free ports, keeping its data in a temporary folder so that it can be stopped (SIGTERM,
/// as an operator or a crash of the emulator would) and started again with everything it held. The shared
/// <see cref="Azurite"/> is never stopped: other tests run on it at the same time.
/// </summary>
public sealed class StoppableAzurite : IAsyncDisposable
{
    private readonly int[] _ports = [Azurite.FreePort(), Azurite.FreePort(), Azurite.FreePort()];
    private readonly string _location = Path.Combine(Path.GetTempPath(), "alerts-faults-" + Guid.NewGuid().ToString("N")[..12]);
    private Process? _process;

    public string ConnectionString => Azurite.ConnectionStringFor(_ports);

    public bool Running => _process is { HasExited: false };

    /// <summary>How many times it was stopped.</summary>
    public int Stops { get; private set; }

    public static async Task<StoppableAzurite> StartAsync()
    {
        var azurite = new StoppableAzurite();
        Directory.CreateDirectory(azurite._location);
        await azurite.StartAgainAsync();
        return azurite;
    }

    public async Task StartAgainAsync()
    {
        _process = Azurite.Launch(_ports, ["--location", _location], _location);
        await Azurite.WaitListeningAsync(_ports, _process);
    }

    /// <summary>Stops it with SIGTERM (it saves what it holds and exits) and waits until its ports are closed.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } p)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await p.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }

        Stops++;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
