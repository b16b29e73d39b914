using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Alerts.Tests.Infrastructure;

namespace Alerts.Tests.Faults;

/// <summary>
/// An Azurite of one test's own, on free ports, keeping its data in a temporary folder so that it can be stopped (SIGTERM,
/// as an operator or a crash of the emulator would) and started again with everything it held. The shared
/// <see cref="Azurite"/> is never stopped: other tests run on it at the same time.
/// </summary>
public sealed class StoppableAzurite : IAsyncDisposable
{
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly int[] _ports = [FreePort(), FreePort(), FreePort()];
    private readonly string _location = Path.Combine(Path.GetTempPath(), "alerts-faults-" + Guid.NewGuid().ToString("N")[..12]);
    private Process? _process;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};" +
        $"BlobEndpoint=http://127.0.0.1:{_ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{_ports[1]}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{_ports[2]}/devstoreaccount1;";

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
        var bin = Path.Combine(Paths.RepoRoot, "node_modules", ".bin", "azurite");
        if (!File.Exists(bin))
        {
            throw new InvalidOperationException($"Azurite is not installed: run 'npm ci' in {Paths.RepoRoot}.");
        }

        var psi = new ProcessStartInfo(bin)
        {
            ArgumentList =
            {
                "--silent", "--location", _location, "--skipApiVersionCheck", "--loose",
                "--blobHost", "127.0.0.1", "--blobPort", _ports[0].ToString(CultureInfo.InvariantCulture),
                "--queueHost", "127.0.0.1", "--queuePort", _ports[1].ToString(CultureInfo.InvariantCulture),
                "--tableHost", "127.0.0.1", "--tablePort", _ports[2].ToString(CultureInfo.InvariantCulture),
            },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _location,
        };
        _process = Process.Start(psi) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_ports.All(Listening))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new InvalidOperationException($"Azurite did not open ports {string.Join(", ", _ports)} within 30 s.");
            }

            await Task.Delay(100);
        }
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

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static bool Listening(int port)
    {
        try
        {
            using var c = new TcpClient();
            c.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
