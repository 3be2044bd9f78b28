using System.Globalization;
using System.Text;
using ObjectQL.Browser.Interop;

namespace ObjectQL.Browser.Tests;

/// <summary>
/// The arguments' text the executor sends to the Worker (<see cref="ArgumentText"/>), which the engine's
/// <c>decodeArguments</c> reads: every value as the format describes it, numbers in the runtime's own shortest
/// round-trip form or its integer digits.
/// </summary>
[TestFixture]
public sealed class ArgumentTextTests
{
    private static readonly object?[] Values =
    [
        null, "", "note 1", "x:y;z", "😀 two units", new string('a', 1000),
        0, 1, -1, 7, 10, 99, 100, 12345, int.MaxValue, int.MinValue,
        0L, 42L, -42L, (1L << 53) - 1, -((1L << 53) - 1), 1L << 53, -(1L << 53), long.MaxValue, long.MinValue,
        0.0, -0.0, 1.0, -1.0, 12.0, 0.5, -2.25, 0.1, 1.0 / 3, 1e15, 1e16, 9007199254740991.0, 9007199254740992.0, -9007199254740993.0,
        1e300, -1e300, double.Epsilon, double.MaxValue, double.MinValue, 123456789.125,
        0f, 3f, -3.5f, 0.1f, 16777216f, 1e20f,
        true, false, 12.5m, new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero),
    ];

    [Test]
    public void Every_value_is_written_as_the_format_says()
    {
        Assert.Multiple(() =>
        {
            foreach (var value in Values)
            {
                var text = new ArgumentText();
                text.Append(value);
                Assert.That(text.ToStringAndReturn(), Is.EqualTo(Expected(value)), $"{value} ({value?.GetType().Name ?? "null"})");
            }
        });
    }

    [Test]
    public void Many_values_make_one_text_in_order_across_the_buffers_growth()
    {
        var text = new ArgumentText();
        var expected = new StringBuilder();
        for (var round = 0; round < 200; round++)
        {
            foreach (var value in Values)
            {
                text.Append(value);
                expected.Append(Expected(value));
            }
        }
        Assert.That(text.ToStringAndReturn(), Is.EqualTo(expected.ToString()));
        Assert.That(text.ToStringAndReturn(), Is.Empty, "the text is handed over once");
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public void A_number_no_store_can_keep_is_refused(double value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ArgumentText().Append(value));
        Assert.That(error!.Message, Does.Contain("cannot bind the number"));
    }

    [Test]
    public void A_type_without_a_text_form_is_refused() =>
        Assert.That(() => new ArgumentText().Append(new object()), Throws.InvalidOperationException.With.Message.Contains("cannot bind a Object"));

    // The format, written the plain way: the runtime's invariant text of each value, a real's shortest round-trip form.
    private static string Expected(object? value) => value switch
    {
        null => "n",
        string s => $"s{s.Length.ToString(CultureInfo.InvariantCulture)}:{s}",
        long whole when whole is > (1L << 53) - 1 or < -((1L << 53) - 1) => $"b{whole.ToString(CultureInfo.InvariantCulture)};",
        long whole => $"i{whole.ToString(CultureInfo.InvariantCulture)};",
        int whole => $"i{whole.ToString(CultureInfo.InvariantCulture)};",
        bool flag => flag ? "i1;" : "i0;",
        double real => $"d{Real(real, real.ToString(CultureInfo.InvariantCulture))};",
        float real => $"d{Real(real, real.ToString(CultureInfo.InvariantCulture))};",
        IFormattable formattable => Expected(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException("no such value in the list"),
    };

    // JavaScript reads "1E+15" and "1000000000000000" as the same number: a whole real in the exact range may be either.
    private static string Real(double value, string shortest) =>
        value == Math.Floor(value) && Math.Abs(value) <= (1L << 53) - 1 && !(value == 0 && double.IsNegative(value))
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : shortest;
}
