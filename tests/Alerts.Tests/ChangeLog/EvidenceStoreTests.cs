using System.Security.Cryptography;

namespace Alerts.Tests.ChangeLog;

public sealed class EvidenceStoreTests
{
    [Fact]
    public async Task Evidence_is_stored_once_by_its_hash_read_back_byte_for_byte_and_checked()
    {
        await using var t = await TestServices.CreateAsync();
        var store = t.Get<EvidenceStore>();
        var content = Encoding.UTF8.GetBytes("<rule>Entity List: additions</rule>\r\n\0binary tail");
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var nowhere = new string('0', 64);

        var first = await store.StoreAsync(sha, content, "application/xml");
        var second = await store.StoreAsync(sha, Encoding.UTF8.GetBytes("something else"), "text/plain");
        var stored = await store.OpenAsync(sha);
        using var read = new MemoryStream();
        await using (stored!.Content)
        {
            await stored.Content.CopyToAsync(read);
        }

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(content, read.ToArray());
        Assert.Equal("application/xml", stored.ContentType);
        Assert.Equal(content.Length, stored.Length);
        Assert.Null(await store.CheckAsync(sha));
        Assert.Null(await store.OpenAsync(nowhere));
        Assert.Contains("is missing", await store.CheckAsync(nowhere), StringComparison.Ordinal);
    }
}
