using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Alerts.Tests.Harness;

/// <summary>
/// Azurite for the whole test run: uses one already listening on 127.0.0.1:10000-10002 (./run.sh's, say), or starts the
/// pinned one from node_modules (installed by `npm ci`) in memory on free ports of its own, and stops it when the run
/// ends. Its own ports keep two test runs on one machine apart: one ending does not take the other's storage with it.
/// </summary>
public static class Azurite
{
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly Lazy<Task> Started = new(StartAsync);
    private static Process? _process;
    private static string? _connectionString;

    /// <summary>The connection string of the Azurite in use; read it after <see cref="EnsureRunningAsync"/>.</summary>
    public static string ConnectionString => _connectionString ?? throw new InvalidOperationException("Azurite is not started yet: await Azurite.EnsureRunningAsync() first.");

    public static Task EnsureRunningAsync() => Started.Value;

    private static async Task StartAsync()
    {
        if (Listening(10000) && Listening(10001) && Listening(10002))
        {
            _connectionString = "UseDevelopmentStorage=true";
            return;
        }

        int[] ports = [FreePort(), FreePort(), FreePort()];
        var process = Launch(ports, ["--inMemoryPersistence"], Paths.RepoRoot);
        _process = process;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        };

        await WaitListeningAsync(ports, process);
        _connectionString = ConnectionStringFor(ports);
    }

    /// <summary>Starts the pinned Azurite from node_modules on 127.0.0.1 at <paramref name="ports"/> (blob, queue, table).</summary>
    internal static Process Launch(int[] ports, IEnumerable<string> storage, string workingDirectory)
    {
        var root = Paths.RepoRoot;
        var bin = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(bin))
        {
            throw new InvalidOperationException($"Azurite is not installed: run 'npm ci' in {root} (the test command does this).");
        }

        var psi = new ProcessStartInfo(bin)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in new[] { "--silent" }.Concat(storage).Concat(
        [
            "--skipApiVersionCheck", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", ports[0].ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", ports[1].ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", ports[2].ToString(CultureInfo.InvariantCulture),
        ]))
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits until every port listens (at most 120 s: a loaded 2-core machine has taken more than 30); fails when the process exits first.</summary>
    internal static async Task WaitListeningAsync(int[] ports, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!ports.All(Listening))
        {
            if (DateTime.UtcNow > deadline || process.HasExited)
            {
                throw new InvalidOperationException($"Azurite did not open ports {string.Join(", ", ports)} within 120 s.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The connection string of an Azurite listening at <paramref name="ports"/> (blob, queue, table).</summary>
    internal static string ConnectionStringFor(int[] ports) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};" +
        $"BlobEndpoint=http://127.0.0.1:{ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{ports[1]}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{ports[2]}/devstoreaccount1;";

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    internal static bool Listening(int port)
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

public static class Paths
{
    /// <summary>The repository root (where Alerts.sln is).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The corpus of real documents kept in the repository, tests/fixtures/corpus (or the folder in ALERTS_CORPUS).</summary>
    public static string Corpus => Environment.GetEnvironmentVariable("ALERTS_CORPUS") is { Length: > 0 } c ? c : Path.Combine(RepoRoot, "tests", "fixtures", "corpus");

    /// <summary>The test project's own fixtures (copied to the output).</summary>
    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Alerts.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find Alerts.sln above " + AppContext.BaseDirectory);
    }
}
