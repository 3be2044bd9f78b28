using CsCheck;
using ObjectQL.Sync.Clocks;

namespace ObjectQL.Sync.Tests.Clocks;

public sealed class HlcTimestampTests
{
    internal static readonly Gen<HlcTimestamp> AnyTimestamp =
        from wall in Gen.Long[0, HlcTimestamp.MaxWallMilliseconds]
        from counter in Gen.Frequency((3, Gen.UInt[0, 3]), (1, Gen.UInt))
        from node in Gen.OneOfConst("a", "b", "client-a", "client-b", "server-1", "~", "!", "A")
        select new HlcTimestamp(wall, counter, node);

    [Test]
    public void Text_form_sorts_ordinally_in_timestamp_order()
    {
        Gen.Select(AnyTimestamp, AnyTimestamp).Sample((a, b) =>
            Math.Sign(string.CompareOrdinal(a.ToString(), b.ToString())) == Math.Sign(a.CompareTo(b)));
    }

    [Test]
    public void Text_form_round_trips()
    {
        AnyTimestamp.Sample(t => HlcTimestamp.Parse(t.ToString()) == t);
    }

    [Test]
    public void Text_form_is_fixed_width_up_to_the_node()
    {
        var early = new HlcTimestamp(0, 0, "n").ToString();
        var late = new HlcTimestamp(HlcTimestamp.MaxWallMilliseconds, uint.MaxValue, "n").ToString();
        Assert.Multiple(() =>
        {
            Assert.That(early, Is.EqualTo("1970-01-01T00:00:00.000Z-00000000-n"));
            Assert.That(late, Is.EqualTo("9999-12-31T23:59:59.999Z-ffffffff-n"));
            Assert.That(early.Length, Is.EqualTo(late.Length));
        });
    }

    [TestCase("2026-11-26T09:30:00.123Z-0000001A-client-a", TestName = "Upper_case_counter_is_refused")]
    [TestCase("2026-11-26T09:30:00.123Z-0000001a-", TestName = "Empty_node_is_refused")]
    [TestCase("2026-11-26T09:30:00.123Z-0000001a-client a", TestName = "Node_with_space_is_refused")]
    [TestCase("2026-11-26T09:30:00Z-0000001a-client-a", TestName = "Time_without_milliseconds_is_refused")]
    [TestCase("2026-11-26T09:30:00.123+01:00-0000001a-a", TestName = "Time_with_offset_is_refused")]
    [TestCase("2026-13-26T09:30:00.123Z-0000001a-client-a", TestName = "Impossible_date_is_refused")]
    public void Non_canonical_text_is_refused(string text)
    {
        var error = Assert.Throws<ObjectQLException>(() => HlcTimestamp.Parse(text, "$.clock"))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Field, Is.EqualTo("$.clock"));
            Assert.That(error.Details[0].Reason, Is.EqualTo("invalid_clock"));
        });
    }

    [Test]
    public void Ties_on_wall_and_counter_are_broken_by_node_ordinally()
    {
        var a = new HlcTimestamp(1_000, 5, "client-a");
        var b = new HlcTimestamp(1_000, 5, "client-b");
        Assert.Multiple(() =>
        {
            Assert.That(a < b, Is.True);
            Assert.That(HlcTimestamp.Max(a, b), Is.EqualTo(b));
        });
    }
}
