namespace Alerts.Tests.Harness;

/// <summary>What a <see cref="TestWorld"/> starts with besides its defaults.</summary>
public sealed record WorldOptions
{
    /// <summary>Settings ("Alerts:..." keys) over the world's own.</summary>
    public IDictionary<string, string?>? Settings { get; init; }

    /// <summary>The fake clock's start (default 2026-11-02 09:00 UTC).</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>Starts SendGrid and turns e-mail on, with this public base URL in the links (null: no SendGrid).</summary>
    public string? SendGridFor { get; init; }

    /// <summary>Starts GitHub (<see cref="FakeGitHub"/>) and points the service at it with a token.</summary>
    public bool GitHub { get; init; }

    /// <summary>Source servers by source id: each answers with its handler, and the source's base URL points at it.</summary>
    public IReadOnlyDictionary<string, Func<HttpContext, Task>>? Sources { get; init; }

    /// <summary>Registrations over the host's own (after them, so they win).</summary>
    public Action<IServiceCollection>? Configure { get; init; }

    /// <summary>More command-line arguments for the self-host (<c>--environment=Production</c>, say).</summary>
    public IReadOnlyList<string> ServerArgs { get; init; } = [];
}
