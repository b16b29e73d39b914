namespace Alerts.Server.Demo;

/// <summary>One step of the demo's script: at <see cref="After"/> from start, the replay moves to <see cref="Stage"/> and <see cref="Sources"/> are polled.</summary>
public sealed record DemoStep(TimeSpan After, int Stage, IReadOnlyList<string> Sources, string What);
