using Microsoft.Extensions.Time.Testing;
using ObjectQL.Pipeline;

namespace ObjectQL.Tests;

public sealed class UuidV7Tests
{
    [Test]
    public void Ids_carry_the_clock_milliseconds_and_the_version_and_variant_bits()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var id = new UuidV7(clock).NewId();
        var guid = Guid.Parse(id);
        Assert.That(guid.Version, Is.EqualTo(7));
        Assert.That(Convert.ToInt64(id.Replace("-", "", StringComparison.Ordinal)[..12], 16), Is.EqualTo(clock.GetUtcNow().ToUnixTimeMilliseconds()));
        Assert.That(id[19], Is.AnyOf('8', '9', 'a', 'b'), "the RFC 9562 variant bits");
    }

    [Test]
    public void Ids_increase_strictly_within_one_millisecond_and_when_the_clock_goes_back()
    {
        var clock = new ManualClock { Now = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero) };
        var generator = new UuidV7(clock);
        var ids = new List<string>();
        for (var i = 0; i < 10_000; i++)
        {
            ids.Add(generator.NewId());
        }
        clock.Now = clock.Now.AddSeconds(-5);
        ids.Add(generator.NewId());
        Assert.That(ids, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(ids, Is.Unique);
    }
}

// FakeTimeProvider refuses to go back in time, which is exactly the case to test here.
internal sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}
