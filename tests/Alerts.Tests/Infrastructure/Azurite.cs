using System.Diagnostics;
using System.Net.Sockets;

namespace Alerts.Tests.Infrastructure;

/// <summary>
/// Azurite for the whole test run: uses one already listening on 127.0.0.1:10000-10002, or starts the pinned one from
/// node_modules (installed by `npm ci`) in memory, and stops it when the run ends.
/// </summary>
public static class Azurite
{
    public const string ConnectionString = "UseDevelopmentStorage=true";
    private static readonly Lazy<Task> Started = new(StartAsync);
    private static Process? _process;

    public static Task EnsureRunningAsync() => Started.Value;

    private static async Task StartAsync()
    {
        if (Listening(10000) && Listening(10001) && Listening(10002))
        {
            return;
        }

        var root = Paths.RepoRoot;
        var bin = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(bin))
        {
            throw new InvalidOperationException($"Azurite is not installed: run 'npm ci' in {root} (the test command does this).");
        }

        var psi = new ProcessStartInfo(bin)
        {
            ArgumentList = { "--silent", "--inMemoryPersistence", "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1", "--skipApiVersionCheck", "--loose" },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        _process = Process.Start(psi) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        };

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(Listening(10000) && Listening(10001) && Listening(10002)))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new InvalidOperationException("Azurite did not open ports 10000-10002 within 30 s.");
            }

            await Task.Delay(200);
        }
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

public static class Paths
{
    /// <summary>The repository root (where Alerts.sln is).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>../shared/corpus beside the repository (or ALERTS_CORPUS).</summary>
    public static string Corpus => Environment.GetEnvironmentVariable("ALERTS_CORPUS") is { Length: > 0 } c ? c : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus"));

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
