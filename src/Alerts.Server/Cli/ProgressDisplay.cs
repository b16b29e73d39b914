namespace Alerts.Server.Cli;

/// <summary>One line per source on a terminal, rewritten in place while it runs; plain lines otherwise.</summary>
internal sealed class ProgressDisplay(TextWriter stderr, bool interactive)
{
    private readonly StringBuilder _line = new();

    public IProgress<PollProgress>? For(string sourceId) => interactive
        ? new SyncProgress(p => Write($"  {p.SourceId,-36} {p.Stage}"))
        : null;

    public void Done(SourcePollResult r)
    {
        var text = $"{(r.Ok ? "✓" : "✗")} {r.SourceId,-36} {(r.Ok
            ? (r.Busy ? "already being polled elsewhere (skipped)" : r.Baseline ? "baseline recorded" : r.Waiting ? "waiting (source busy)" : $"{r.Recorded.Count} new of {r.ItemsRead} read")
            : "failed")} ({r.Requests} requests, {r.Duration.TotalSeconds:0.0} s)";
        if (interactive)
        {
            Write(text);
            stderr.WriteLine();
            _line.Clear();
        }
    }

    private void Write(string text)
    {
        stderr.Write("\r" + text.PadRight(Math.Max(_line.Length, text.Length)));
        _line.Clear().Append(text);
    }

    private sealed class SyncProgress(Action<PollProgress> report) : IProgress<PollProgress>
    {
        public void Report(PollProgress value) => report(value);
    }
}
