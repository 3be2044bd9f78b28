using System.Globalization;
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

    // The text form is defined by this date format read and written with the invariant culture; the clock's own digit
    // by digit writing and reading must agree with it character for character and refusal for refusal.
    private const string WallFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";

    [Test]
    public void Text_form_is_the_invariant_date_format_then_hex_counter_then_node()
    {
        AnyTimestamp.Sample(t => t.ToString() == string.Create(CultureInfo.InvariantCulture,
            $"{t.WallTime.UtcDateTime.ToString(WallFormat, CultureInfo.InvariantCulture)}-{t.Counter:x8}-{t.Node}"));
    }

    [Test]
    public void Wall_time_text_is_accepted_exactly_when_the_invariant_date_format_accepts_it()
    {
        // Digits in every place, so day 31 of a short month, hour 24, second 60, year 0000 and such come up often.
        var anyDigit = Gen.Frequency((8, Gen.Char['0', '9']), (1, Gen.OneOfConst('a', ' ', '-', '\u0663', '9')));
        var texts = Gen.Select(Gen.Int[1960, 2100], Gen.Int[0, 13], Gen.Int[0, 32], Gen.Int[0, 25], Gen.Int[0, 61], Gen.Int[0, 61], Gen.Int[0, 999])
            .Select(p => $"{p.Item1:0000}-{p.Item2:00}-{p.Item3:00}T{p.Item4:00}:{p.Item5:00}:{p.Item6:00}.{p.Item7:000}Z");
        var mangled = Gen.Select(texts, Gen.Int[0, 23], anyDigit).Select(p => p.Item1[..p.Item2] + p.Item3 + p.Item1[(p.Item2 + 1)..]);
        Gen.OneOf(texts, mangled).Sample(wall =>
        {
            var expected = DateTime.TryParseExact(wall, WallFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed) && parsed >= DateTime.UnixEpoch;
            var accepted = HlcTimestamp.TryParse(wall + "-0000001a-client-a", out var clock);
            return accepted == expected && (!accepted || clock.WallMilliseconds == (parsed.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond);
        });
    }

    [Test]
    public void Clocks_read_one_after_another_keep_their_own_nodes()
    {
        var a = HlcTimestamp.Parse("2026-11-26T09:30:00.123Z-0000001a-client-a");
        var b = HlcTimestamp.Parse("2026-11-26T09:30:00.123Z-0000001a-client-b");
        var again = HlcTimestamp.Parse("2026-11-26T09:30:00.124Z-0000001b-client-a");
        Assert.Multiple(() =>
        {
            Assert.That(a.Node, Is.EqualTo("client-a"));
            Assert.That(b.Node, Is.EqualTo("client-b"));
            Assert.That(again.Node, Is.EqualTo("client-a"));
            Assert.That(HlcTimestamp.TryParse("2026-11-26T09:30:00.123Z-0000001a-client a", out _), Is.False);
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
