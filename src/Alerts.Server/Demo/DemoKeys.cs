namespace Alerts.Server.Demo;

/// <summary>The API keys the demo makes at start (shown once, in the guide; stored hashed like every key).</summary>
public sealed record DemoKeys(string Admin, string Auditor, string Team);
