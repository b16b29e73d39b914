using System.Globalization;
using System.Text;
using Alerts.Core;
using Alerts.Core.Detection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
        var set = LabelledSet.Load();
        var results = set.Select(d => (Doc: d, Got: classifier.Classify(d.ToInput()))).ToList();

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Labelled set: {set.Count} documents, {set.Count(d => d.Expected.Relevant)} chip-relevant");
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
        var recall = (double)hit / relevant;
        var precision = (double)hit / flagged;
        report.AppendLine(CultureInfo.InvariantCulture, $"| **chip-relevant** | {relevant} | {flagged} | {hit} | {precision:0.000} | {recall:0.000} |");

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
        report.AppendLine(CultureInfo.InvariantCulture, $"Jurisdiction right on {jurisdictionOk}/{withJurisdiction.Count} relevant documents; severity in the labelled band on {severityOk}/{results.Count}.");
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
                    $"- {doc.Id}: topics [{string.Join(",", doc.Expected.Topics)}] got [{string.Join(",", got.Topics)}]; severity {string.Join("|", doc.Expected.Severity)} got {got.Severity}; jurisdiction {doc.Expected.Jurisdiction} got {got.Jurisdiction}; matched {string.Join(" ", got.Matched.Take(8))}");
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
}
