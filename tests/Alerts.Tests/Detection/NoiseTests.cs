using Alerts.Core.Detection;
using Alerts.Core.Sources;

namespace Alerts.Tests.Detection;

public sealed class NoiseTests
{
    private static SourceItem Item(string key, Dictionary<string, string> fields) => new() { ItemKey = key, Title = key, Fields = fields };

    private static Dictionary<string, Snapshot> Stored(params SourceItem[] items) =>
        items.ToDictionary(i => i.ItemKey, i => new Snapshot(i.ItemKey, SnapshotStore.VersionOf(Normalize.Fields(i.Fields)), 0, i.Fields, "chg_1", false, i.Title, null));

    [Fact]
    public void Formatting_only_changes_are_not_changes()
    {
        var before = Item("a", new()
        {
            ["abstract"] = "<p>New controls on <b>3A090</b> items.</p>", ["title"] = "Advanced computing", ["agencies"] = "Commerce Department; Industry and Security Bureau"
        });
        var after = Item("a", new()
        {
            ["title"] = "Advanced   computing ", ["abstract"] = "<P>New controls on\n<B>3A090</B>\u00a0items.</P>", ["agencies"] = "Industry and Security Bureau; Commerce Department"
        });

        var changes = Detector.Detect([after], Stored(before), completeSnapshot: false);

        Assert.Empty(changes);
    }

    [Fact]
    public void Tracking_parameters_and_session_ids_in_links_are_not_changes()
    {
        var before = Item("a", new() { ["link"] = "https://ustr.gov/about/press/2024/release?id=7&lang=en" });
        var after = Item("a", new() { ["link"] = "HTTPS://USTR.gov/about/press/2024/release;jsessionid=ABC123?lang=en&utm_source=rss&id=7&fbclid=xyz#top" });

        Assert.Empty(Detector.Detect([after], Stored(before), false));
        Assert.Equal("https://ustr.gov/about/press/2024/release?id=7&lang=en", Normalize.Url(after.Fields["link"]));
    }

    [Fact]
    public void Timestamps_and_counters_in_pages_are_not_changes_but_the_text_is()
    {
        var before = Item("p", new() { ["text"] = "关于对镓、锗相关物项实施出口管制的公告 2023年7月3日 浏览次数：1203 当前时间：2025-01-02 10:11:12 Views: 55" });
        var after = Item("p", new() { ["text"] = "关于对镓、锗相关物项实施出口管制的公告 2023年7月3日 浏览次数：1311 当前时间：2025-01-02 11:12:13 Views: 61" });
        var edited = Item("p", new() { ["text"] = "关于对镓、锗、锑相关物项实施出口管制的公告 2023年7月3日 浏览次数：1311" });

        Assert.Empty(Detector.Detect([after], Stored(before), false));
        var real = Assert.Single(Detector.Detect([edited], Stored(before), false));
        Assert.Equal(ChangeType.Modified, real.ChangeType);
        Assert.Contains("2023年7月3日", Normalize.PageText(before.Fields["text"]), StringComparison.Ordinal); // a stated date is content
    }

    [Fact]
    public void Reordered_entries_and_volatile_fields_are_not_changes()
    {
        var a = Item("a", new() { ["name"] = "A" });
        var b = Item("b", new() { ["name"] = "B", ["page_views"] = "10" });
        var stored = Stored(a, b);

        var changes = Detector.Detect([Item("b", new() { ["name"] = "B", ["page_views"] = "99" }), a], stored, completeSnapshot: true);

        Assert.Empty(changes);
    }

    [Fact]
    public void A_snapshot_written_before_normalization_is_not_reported_as_changed()
    {
        var raw = new Dictionary<string, string> { ["title"] = "  Entity   List additions " };
        var stored = new Dictionary<string, Snapshot> { ["a"] = new("a", SnapshotStore.VersionOf(raw), 1, raw, "chg_1", false, "t", null) };

        Assert.Empty(Detector.Detect([Item("a", new() { ["title"] = "Entity List additions" })], stored, false));
    }

    [Fact]
    public void Flipping_back_within_the_hour_is_suppressed_and_after_the_hour_is_a_change()
    {
        var t0 = new DateTimeOffset(2025, 1, 15, 9, 0, 0, TimeSpan.Zero);
        var a = Item("a", new() { ["text"] = "version A" });
        var b = Item("a", new() { ["text"] = "version B" });
        var va = SnapshotStore.VersionOf(Normalize.Fields(a.Fields));
        var vb = SnapshotStore.VersionOf(Normalize.Fields(b.Fields));
        // B was recorded ten minutes ago, A was seen then too.
        var snap = new Snapshot("a", vb, 0, b.Fields, "chg_2", false, "a", null, t0, [new SeenVersion(va, t0), new SeenVersion(vb, t0)]);

        var within = Assert.Single(Detector.Detect([a], new Dictionary<string, Snapshot> { ["a"] = snap }, false, t0.AddMinutes(10)));
        var later = Assert.Single(Detector.Detect([a], new Dictionary<string, Snapshot> { ["a"] = snap }, false, t0.AddMinutes(61)));

        Assert.True(within.Suppressed);
        Assert.False(later.Suppressed);
        Assert.Equal(ChangeType.Modified, later.ChangeType);
    }
}
