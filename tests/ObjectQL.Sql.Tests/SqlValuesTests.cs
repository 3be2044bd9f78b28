namespace ObjectQL.Sql.Tests;

public class SqlValuesTests
{
    private static readonly DateTimeOffset[] Instants =
    [
        DateTimeOffset.MinValue, new(2026, 3, 1, 12, 34, 56, TimeSpan.FromHours(5.5)), new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999),
        new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999),
    ];

    [Test]
    public void Instant_text_round_trips_and_sorts_like_the_instants()
    {
        var texts = Instants.Select(SqlValues.FormatDateTime).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(texts.Select(SqlValues.ParseDateTime).Select(d => d.UtcTicks), Is.EqualTo(Instants.Select(d => d.UtcTicks)));
            Assert.That(texts, Has.All.Length.EqualTo(28));
            Assert.That(texts.Order(StringComparer.Ordinal), Is.EqualTo(Instants.OrderBy(d => d.UtcTicks).Select(SqlValues.FormatDateTime)));
            Assert.That(SqlValues.ParseDateTime("2026-01-02T03:04:05+01:00"), Is.EqualTo(new DateTimeOffset(2026, 1, 2, 2, 4, 5, TimeSpan.Zero)));
        });
    }

    [Test]
    public void Instant_text_is_the_invariant_culture_format_also_when_the_same_instant_comes_again()
    {
        var random = new Random(20261205);
        var instants = Enumerable.Range(0, 2000)
            .Select(_ => new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks + 1), TimeSpan.Zero))
            .Concat(Instants.Select(i => i.ToUniversalTime()))
            .ToArray();
        foreach (var instant in instants.Concat(instants.Reverse()))
        {
            var expected = instant.UtcDateTime.ToString(SqlValues.DateTimeFormat, System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(SqlValues.FormatDateTime(instant), Is.EqualTo(expected));
            // The same instant again, and under another offset: the same text.
            var offset = TimeSpan.FromHours(instant.UtcTicks >= TimeSpan.TicksPerDay ? -7 : 7);
            Assert.That(SqlValues.FormatDateTime(instant.ToOffset(offset)), Is.EqualTo(expected));
        }
    }

    [TestCase("00:00:00.0000000")]
    [TestCase("23:59:59.9999999")]
    [TestCase("08:15:30.2500000")]
    public void Time_text_round_trips(string text)
    {
        Assert.That(SqlValues.FormatTime(SqlValues.ParseTime(text)), Is.EqualTo(text));
    }

    [Test]
    public void Date_text_round_trips_and_refuses_garbage()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SqlValues.ParseDate("0001-01-01"), Is.EqualTo(DateOnly.MinValue));
            Assert.That(SqlValues.ParseDate(SqlValues.FormatDate(new DateOnly(2026, 12, 31))), Is.EqualTo(new DateOnly(2026, 12, 31)));
            Assert.That(() => SqlValues.ParseDate("2026-1x-01"), Throws.TypeOf<FormatException>());
        });
    }

    [Test]
    public void Decimal_text_keeps_every_digit()
    {
        Assert.That(SqlValues.ParseDecimal(SqlValues.FormatDecimal(-99999999999999.9999m)), Is.EqualTo(-99999999999999.9999m));
    }

    [Test]
    public void A_value_of_another_type_is_invalid_request_naming_the_field()
    {
        var error = Assert.Throws<ObjectQLException>(() => SqlValues.Coerce(SqlValueKind.Date, "2026-01-01", "due"));
        Assert.That(error!.Field, Is.EqualTo("due"));
    }
}
