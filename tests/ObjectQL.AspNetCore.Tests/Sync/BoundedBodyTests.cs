using ObjectQL.AspNetCore.Sync;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>The endpoint's own byte limit, for servers that do not enforce the one it hands them (Kestrel does).</summary>
public sealed class BoundedBodyTests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(1000)]
    [TestCase(40_000)]
    public async Task A_body_within_the_limit_is_read_whole(int length)
    {
        var bytes = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        using var body = await BoundedBody.ReadAsync(new MemoryStream(bytes), 40_000, declaredLength: null, CancellationToken.None);
        Assert.That(body.OverLimit, Is.False);
        Assert.That(body.Span.ToArray(), Is.EqualTo(bytes));
    }

    [Test]
    public async Task A_body_over_the_limit_stops_being_read_at_the_first_read_past_it()
    {
        var source = new MemoryStream(new byte[10 * 1024 * 1024]);
        using var body = await BoundedBody.ReadAsync(source, 40_000, declaredLength: null, CancellationToken.None);
        Assert.That(body.OverLimit, Is.True);
        Assert.That(source.Position, Is.GreaterThan(40_000).And.LessThanOrEqualTo(80_001));
    }
}
