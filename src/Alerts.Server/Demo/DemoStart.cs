namespace Alerts.Server.Demo;

/// <summary>How to start the demo: where it listens (loopback only), its folder (the .eml files go to <c>mailbox/</c> in it), its storage prefix.</summary>
public sealed record DemoStart
{
    public string Url { get; init; } = ServerApp.DefaultUrl;

    public string Folder { get; init; } = ".demo";

    /// <summary>The prefix of the demo's tables and queues, deleted and recreated at start.</summary>
    public string StoragePrefix { get; init; } = "demo";

    /// <summary>The recorded documents (default: Demo/replay next to the program).</summary>
    public string ReplayFolder { get; init; } = DemoReplay.DefaultFolder;

    /// <summary>The clock of the service, the script and the world (tests pass a fake one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Configuration under the demo's own (the command line's settings, the tests' storage).</summary>
    public IDictionary<string, string?>? Settings { get; init; }

    public Action<IServiceCollection>? Configure { get; init; }
}
