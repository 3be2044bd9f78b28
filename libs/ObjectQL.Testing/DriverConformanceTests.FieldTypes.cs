using System.Text.Json;
using NUnit.Framework;
using ObjectQL.Querying;
using ObjectQL.Values;

namespace ObjectQL.Testing;

public abstract partial class DriverConformanceTests
{
    private static readonly DateTimeOffset SampleDateTime = new DateTimeOffset(2026, 3, 1, 12, 34, 56, TimeSpan.FromHours(5.5)).AddTicks(1_234_560);

    /// <summary>A record holding a value of every stored field type, in canonical form.</summary>
    protected static Record EveryFieldType() => R(
        ("id", "all-1"),
        ("f_text", "plain text"),
        ("f_textarea", "line one\nline two"),
        ("f_markdown", "# Title\n*bold*"),
        ("f_html", "<p class=\"x\">Hi &amp; bye</p>"),
        ("f_select", "green"),
        ("f_select_number", 2.5),
        ("f_date", new DateOnly(2026, 2, 28)),
        ("f_datetime", SampleDateTime),
        ("f_time", new TimeOnly(23, 59, 59).Add(TimeSpan.FromTicks(9_999_990))),
        ("f_number", 0.1),
        ("f_currency", 12345678901234.5678m),
        ("f_percent", 99.5),
        ("f_boolean", false),
        ("f_email", "someone@example.com"),
        ("f_phone", "+1 (555) 010-0199"),
        ("f_url", "https://example.com/a?b=c&d=%20"),
        ("f_image", Json("""{"url":"https://example.com/i.png","width":640,"height":480}""")),
        ("f_file", Json("""{"name":"report.pdf","size":1048576}""")),
        ("f_location", Json("""{"lat":52.52,"lng":13.405}""")),
        ("f_lookup", "u1"),
        ("f_master_detail", "u2"),
        ("f_password", "s3cr3t!"),
        ("f_auto_number", "INV-0001"),
        ("f_object", Json("""{"a":1,"b":[true,null,"x"],"c":{"d":1.5,"e":"\u00e9\"q"}}""")),
        ("f_vector", new[] { 0.5f, -1.25f, 3f }),
        ("f_grid", Json("""[{"item":"a","qty":2},{"item":"b","qty":0}]""")),
        ("f_tags", new[] { "x", "y z", "日本" }),
        ("f_colors", new[] { "red", "blue" }),
        ("f_numbers", new[] { 1.5, -2.0, 1e-7 }));

    /// <summary>Parses a JSON value.</summary>
    protected static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Every field type round-trips through the pipeline with its canonical C# type and value.</summary>
    [Test]
    public async Task Every_field_type_round_trips_with_its_canonical_type()
    {
        // f_lookup and f_master_detail name tck_user records, which must exist.
        await SeedUsersAsync();
        var input = EveryFieldType();
        await AllTypes.CreateAsync(input);
        var stored = await AllTypes.FindOneAsync("all-1");
        Assert.That(stored, Is.Not.Null);
        Assert.Multiple(() =>
        {
            foreach (var (field, expected) in input)
            {
                var actual = stored![field];
                Assert.That(CanonicalValues.Equals(actual, expected), Is.True, $"{field}: expected {Show(expected)}, got {Show(actual)}");
                if (expected is not null && field != "id")
                {
                    Assert.That(IsCanonicalFor(expected, actual), Is.True, $"{field}: expected a {expected.GetType().Name}, got {actual?.GetType().Name}");
                }
            }
            Assert.That(stored!["f_currency"], Is.EqualTo(12345678901234.5678m));
            Assert.That(stored["f_number"], Is.EqualTo(0.1));
            Assert.That(((DateTimeOffset)stored["f_datetime"]!).UtcTicks, Is.EqualTo(SampleDateTime.UtcTicks));
            Assert.That(stored["f_boolean"], Is.EqualTo(false));
        });
    }

    /// <summary>Empty lists stay empty lists, not null.</summary>
    [Test]
    public async Task Empty_lists_round_trip_as_empty_lists()
    {
        await AllTypes.CreateAsync(R(("id", "empty"), ("f_tags", Array.Empty<string>()), ("f_numbers", Array.Empty<double>())));
        var stored = await AllTypes.FindOneAsync("empty");
        Assert.That(stored!["f_tags"], Is.Not.Null.And.Empty);
        Assert.That(stored["f_numbers"], Is.Not.Null.And.Empty);
        Assert.That(Ids(await AllTypes.FindAsync(new Query { Where = W("f_tags", FilterOperator.Null, false) })), Is.EqualTo(new[] { "empty" }));
    }

    /// <summary>Small and negative decimals keep every digit; number and currency filters compare by value.</summary>
    [Test]
    public async Task Decimals_keep_every_digit_and_compare_by_value()
    {
        await AllTypes.CreateManyAsync(
        [
            R(("id", "m1"), ("f_currency", 0.0001m)),
            R(("id", "m2"), ("f_currency", -99999999999999.9999m)),
            R(("id", "m3"), ("f_currency", 0.1m + 0.2m)),
        ]);
        Assert.That((await AllTypes.FindOneAsync("m1"))!["f_currency"], Is.EqualTo(0.0001m));
        Assert.That((await AllTypes.FindOneAsync("m2"))!["f_currency"], Is.EqualTo(-99999999999999.9999m));
        Assert.That(Ids(await AllTypes.FindAsync(new Query { Where = W("f_currency", FilterOperator.Eq, 0.3m) })), Is.EqualTo(new[] { "m3" }));
        Assert.That(Ids(await AllTypes.FindAsync(new Query { Where = W("f_currency", FilterOperator.Lt, 0m) })), Is.EqualTo(new[] { "m2" }));
    }

    /// <summary>Dates, times and numeric select options filter by value.</summary>
    [Test]
    public async Task Dates_times_and_numeric_options_filter_by_value()
    {
        await AllTypes.CreateManyAsync(
        [
            R(("id", "v1"), ("f_date", new DateOnly(2026, 1, 1)), ("f_time", new TimeOnly(8, 0)), ("f_select_number", 1.0)),
            R(("id", "v2"), ("f_date", new DateOnly(2026, 6, 1)), ("f_time", new TimeOnly(17, 30)), ("f_select_number", 2.5)),
        ]);
        Assert.That(Ids(await AllTypes.FindAsync(new Query { Where = W("f_date", FilterOperator.Gte, new DateOnly(2026, 3, 1)) })), Is.EqualTo(new[] { "v2" }));
        Assert.That(Ids(await AllTypes.FindAsync(new Query { Where = W("f_time", FilterOperator.Lt, new TimeOnly(12, 0)) })), Is.EqualTo(new[] { "v1" }));
        Assert.That(Ids(await AllTypes.FindAsync(new Query { Where = W("f_select_number", FilterOperator.In, new object[] { 2.5 }) })), Is.EqualTo(new[] { "v2" }));
        Assert.That(Ids(await AllTypes.FindAsync(new Query { Where = W("f_colors", FilterOperator.Null, true) })), Is.EqualTo(new[] { "v1", "v2" }));
    }

    private static bool IsCanonicalFor(object expected, object? actual) => expected switch
    {
        string => actual is string,
        double => actual is double,
        decimal => actual is decimal,
        bool => actual is bool,
        DateOnly => actual is DateOnly,
        TimeOnly => actual is TimeOnly,
        DateTimeOffset => actual is DateTimeOffset,
        JsonElement => actual is JsonElement,
        float[] => actual is float[],
        string[] => actual is IReadOnlyList<string>,
        double[] => actual is IReadOnlyList<double>,
        _ => true,
    };

    private static string Show(object? value) => value switch
    {
        null => "null",
        JsonElement e => e.GetRawText(),
        System.Collections.IEnumerable list and not string => "[" + string.Join(", ", list.Cast<object?>().Select(Show)) + "]",
        _ => $"{value} ({value.GetType().Name})",
    };
}
