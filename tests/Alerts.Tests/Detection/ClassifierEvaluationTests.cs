using Alerts.Core.Detection;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace Alerts.Tests.Detection;

/// <summary>Runs the classifier as the hosts wire it over the labelled set and measures it against the labels.</summary>
public sealed class ClassifierEvaluationTests(ITestOutputHelper output)
{
    private static readonly string[] Taxonomy = ["ai-chips", "hbm", "chip-equipment", "entity-list", "export-licensing", "tariffs", "china-countermeasures", "eu-dual-use", "critical-minerals"];

    internal static IChangeClassifier WiredClassifier(IDictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAlertsCore(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        return services.BuildServiceProvider().GetRequiredService<IChangeClassifier>();
    }

    /// <summary>The documents of the events of 2025-2026, written after the dictionary of the older files: measured apart.</summary>
    private const string EventsFile = "events-2025-2026";

    [Fact]
    public void The_labelled_set_has_at_least_150_documents_of_every_source_format()
    {
        var set = LabelledSet.Load();

        Assert.True(set.Count >= 150, $"{set.Count} documents");
        Assert.Equal(set.Count, set.Select(d => d.Id).Distinct().Count());
        foreach (var type in new[] { "Rule", "Notice", "CFR Section", "Entity List Entry", "Tariff Line", "News", "Announcement", "Press Release" })
        {
            Assert.Contains(set, d => d.DocumentType == type);
        }

        Assert.True(set.Count(d => d.Expected.Relevant) >= 50 && set.Count(d => !d.Expected.Relevant) >= 50);
        Assert.All(set, d => Assert.False(string.IsNullOrWhiteSpace(d.Follows), d.Id + " says what it follows"));
        Assert.All(set.SelectMany(d => d.Expected.Topics), t => Assert.Contains(t, Taxonomy));
    }

    [Fact]
    public void Classifier_meets_the_recall_and_precision_bar_on_the_labelled_set()
    {
        var classifier = WiredClassifier();
        var set = LabelledSet.Load().Where(d => d.File != EventsFile).ToList();
        var results = set.Select(d => (Doc: d, Got: classifier.Classify(d.ToInput()))).ToList();

        var report = new StringBuilder();
        var (precision, recall, perTopic) = Measure("Labelled set", results, report);

        report.AppendLine();
        report.AppendLine("Per file (holdout was written after the dictionary was tuned on the others and run once):");
        report.AppendLine();
        report.AppendLine("| file | documents | chip-relevant | flagged | precision | recall | topic sets exact |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var g in results.GroupBy(r => r.Doc.File).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rel = g.Count(r => r.Doc.Expected.Relevant);
            var fl = g.Count(r => r.Got.Topics.Count > 0);
            var h = g.Count(r => r.Doc.Expected.Relevant && r.Got.Topics.Count > 0);
            var exact = g.Count(r => r.Doc.Expected.Topics.Order().SequenceEqual(r.Got.Topics.Order()));
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {g.Key} | {g.Count()} | {rel} | {fl} | {(fl == 0 ? 1 : (double)h / fl):0.000} | {(rel == 0 ? 1 : (double)h / rel):0.000} | {exact}/{g.Count()} |");
        }

        var withJurisdiction = results.Where(r => r.Doc.Expected.Relevant && r.Doc.Expected.Jurisdiction is not null).ToList();
        var jurisdictionOk = withJurisdiction.Count(r => r.Got.Jurisdiction == r.Doc.Expected.Jurisdiction);
        var severityOk = results.Count(r => r.Doc.Expected.Severity.Contains(r.Got.Severity));
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Jurisdiction right on {jurisdictionOk}/{withJurisdiction.Count} relevant documents; severity in the labelled band on {severityOk}/{results.Count}.");
        report.AppendLine();
        report.AppendLine("Disagreements:");
        foreach (var (doc, got) in results)
        {
            var topicsOk = doc.Expected.Topics.Order().SequenceEqual(got.Topics.Order());
            var sevOk = doc.Expected.Severity.Contains(got.Severity);
            var jurOk = !doc.Expected.Relevant || doc.Expected.Jurisdiction is null || doc.Expected.Jurisdiction == got.Jurisdiction;
            if (!topicsOk || !sevOk || !jurOk)
            {
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"- {doc.Id}: topics [{string.Join(",", doc.Expected.Topics)}] got [{string.Join(",", got.Topics)}]; " +
                    $"severity {string.Join("|", doc.Expected.Severity)} got {got.Severity}; jurisdiction {doc.Expected.Jurisdiction} got {got.Jurisdiction}; " +
                    $"matched {string.Join(" ", got.Matched.Take(8))}");
            }
        }

        var text = report.ToString();
        output.WriteLine(text);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "classifier-evaluation.md"), text);

        Assert.True(recall >= 0.98, $"recall {recall:0.000} on chip-relevant documents is below 0.98");
        Assert.True(precision >= 0.9, $"precision {precision:0.000} is below 0.9");
        foreach (var (topic, (p, r, support)) in perTopic.Where(t => t.Value.Support >= 3))
        {
            Assert.True(p >= 0.85 && r >= 0.85, $"{topic}: precision {p:0.000}, recall {r:0.000} (support {support})");
        }

        Assert.True(jurisdictionOk >= 0.9 * withJurisdiction.Count, $"jurisdiction right on {jurisdictionOk}/{withJurisdiction.Count}");
        Assert.True(severityOk >= 0.85 * results.Count, $"severity in band on {severityOk}/{results.Count}");
    }

    [Fact]
    public void The_events_of_2025_and_2026_are_measured_apart_from_the_older_set_and_hold_their_floor()
    {
        var classifier = WiredClassifier();
        var all = LabelledSet.Load();
        var events = all.Where(d => d.File == EventsFile).ToList();
        var older = all.Where(d => d.File != EventsFile).ToList();
        Assert.True(events.Count >= 150, $"{events.Count} documents of 2025-2026");
        Assert.All(events, d => Assert.False(string.IsNullOrWhiteSpace(d.Follows), d.Id + " keeps its origin"));

        var report = new StringBuilder();
        var eventsResults = events.Select(d => (Doc: d, Got: classifier.Classify(d.ToInput()))).ToList();
        var withoutText = events.Select(d => (Doc: d, Got: classifier.Classify(d.ToInput(withFullText: false)))).ToList();
        var olderResults = older.Select(d => (Doc: d, Got: classifier.Classify(d.ToInput()))).ToList();
        var (precision, recall, perTopic) = Measure("Events of 2025-2026 (title + abstract + full text of thin documents)", eventsResults, report);
        Measure("Events of 2025-2026, metadata only (no full text)", withoutText, report);
        Measure("Older set (corpus, handwritten, holdout)", olderResults, report);

        var thin = events.Where(d => d.Thin).ToList();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Full text: {thin.Count} of {events.Count(d => d.FederalRegister is not null)} Federal Register documents were thin and read in full (one request each).");
        report.AppendLine();
        report.AppendLine("Disagreements (events):");
        foreach (var (doc, got) in eventsResults.Where(r => !r.Doc.Expected.Topics.Order().SequenceEqual(r.Got.Topics.Order())))
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"- {doc.Id}: topics [{string.Join(",", doc.Expected.Topics)}] got [{string.Join(",", got.Topics)}]; matched {string.Join(" ", got.Matched.Take(6))}");
        }

        var text = report.ToString();
        output.WriteLine(text);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "classifier-evaluation-events.md"), text);

        // Floors a little under what was measured when the set was written (docs/detection.md): a regression fails.
        Assert.True(recall >= 0.85, $"recall {recall:0.000} on chip-relevant documents of 2025-2026 is below 0.85");
        Assert.True(precision >= 0.9, $"precision {precision:0.000} on 2025-2026 is below 0.9");
        foreach (var (topic, (p, r, support)) in perTopic.Where(t => t.Value.Support >= 10))
        {
            Assert.True(p >= 0.8 && r >= 0.6, $"{topic} on 2025-2026: precision {p:0.000}, recall {r:0.000} (support {support})");
        }
    }

    private static (double Precision, double Recall, Dictionary<string, (double P, double R, int Support)> PerTopic) Measure(
        string title, List<(LabelledDocument Doc, Classification Got)> results, StringBuilder report)
    {
        report.AppendLine(CultureInfo.InvariantCulture, $"### {title}: {results.Count} documents, {results.Count(r => r.Doc.Expected.Relevant)} chip-relevant");
        report.AppendLine();
        report.AppendLine("| topic | labelled | predicted | true pos | precision | recall |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|");
        var perTopic = new Dictionary<string, (double P, double R, int Support)>();
        foreach (var topic in Taxonomy)
        {
            var labelled = results.Count(r => r.Doc.Expected.Topics.Contains(topic));
            var predicted = results.Count(r => r.Got.Topics.Contains(topic));
            var tp = results.Count(r => r.Doc.Expected.Topics.Contains(topic) && r.Got.Topics.Contains(topic));
            var p = predicted == 0 ? 1 : (double)tp / predicted;
            var rc = labelled == 0 ? 1 : (double)tp / labelled;
            perTopic[topic] = (p, rc, labelled);
            report.AppendLine(CultureInfo.InvariantCulture, $"| {topic} | {labelled} | {predicted} | {tp} | {p:0.000} | {rc:0.000} |");
        }

        var relevant = results.Count(r => r.Doc.Expected.Relevant);
        var flagged = results.Count(r => r.Got.Topics.Count > 0);
        var hit = results.Count(r => r.Doc.Expected.Relevant && r.Got.Topics.Count > 0);
        var recall = relevant == 0 ? 1 : (double)hit / relevant;
        var precision = flagged == 0 ? 1 : (double)hit / flagged;
        var exact = results.Count(r => r.Doc.Expected.Topics.Order().SequenceEqual(r.Got.Topics.Order()));
        report.AppendLine(CultureInfo.InvariantCulture, $"| **chip-relevant** | {relevant} | {flagged} | {hit} | {precision:0.000} | {recall:0.000} |");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Topic sets exact on {exact}/{results.Count}.");
        report.AppendLine();
        return (precision, recall, perTopic);
    }
}
