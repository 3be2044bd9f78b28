using System.Text.Json;
using ObjectQL.Browser.Interop;

namespace ObjectQL.Browser.Tests;

/// <summary>
/// The engine's answers (<c>JSON.stringify</c> of <c>{results, error, at}</c>) read by hand (<see cref="BatchResponse"/>,
/// <see cref="AnswerText"/>): every value as a JSON parser reads it, the counts, the failures, and text that is not the
/// answer's JSON refused.
/// </summary>
[TestFixture]
public sealed class BatchResponseTests
{
    // As JSON.stringify writes them: quotes, backslashes and control characters escaped, a lone surrogate as \u escape,
    // every other character as it is.
    private const string Rows = """
        {"results":[{"rows":[[null,"plain","it's \"quoted\" back\\slash","line\nbreak\ttab\r\b\f","\u0000\u001f end","é 😀 \u2028","\ud800 alone",42,-7,1.5,-0,1e+300,9007199254740991,{"i":"9223372036854775807"},{"i":"-9223372036854775808"}],[true,false,"",0,"12","-3.25",{"i":"9007199254740993"},"x","y","z",1,2,3,4,5]]}]}
        """;

    [Test]
    public async Task Every_value_reads_as_a_JSON_parser_reads_it()
    {
        using var document = JsonDocument.Parse(Rows);
        var expected = document.RootElement.GetProperty("results")[0].GetProperty("rows");
        using var response = BatchResponse.Parse(Rows, out var failedAt);
        var reader = response.Rows(0);
        Assert.That((response.Completed, failedAt), Is.EqualTo((1, -1)));
        foreach (var row in expected.EnumerateArray())
        {
            Assert.That(await reader.ReadAsync(CancellationToken.None), Is.True);
            for (var i = 0; i < row.GetArrayLength(); i++)
            {
                var value = row[i];
                Assert.That(reader.IsNull(i), Is.EqualTo(value.ValueKind == JsonValueKind.Null), $"IsNull({i})");
                if (value.ValueKind == JsonValueKind.String && value.GetRawText().Contains("\\ud800", StringComparison.Ordinal))
                {
                    // .NET's parser refuses a lone surrogate; JavaScript's text keeps it (the next test).
                    continue;
                }
                var text = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Object => value.GetProperty("i").GetString(),
                    _ => value.GetRawText(),
                };
                Assert.That(reader.GetString(i), Is.EqualTo(text), $"GetString({i})");
            }
        }
        Assert.That(await reader.ReadAsync(CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Numbers_read_exactly_whatever_form_they_came_in()
    {
        using var response = BatchResponse.Parse(Rows, out _);
        var reader = response.Rows(0);
        await reader.ReadAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(reader.GetString(6), Is.EqualTo("\ud800 alone"), "a lone surrogate is kept, as JavaScript keeps it");
            Assert.That(reader.GetString(2), Is.EqualTo("it's \"quoted\" back\\slash"));
            Assert.That(reader.GetString(4), Is.EqualTo("\u0000\u001f end"));
            Assert.That((reader.GetInt64(7), reader.GetInt64(8), reader.GetDouble(9)), Is.EqualTo((42L, -7L, 1.5)));
            Assert.That(double.IsNegative(reader.GetDouble(10)), Is.True, "-0 stays negative zero");
            Assert.That((reader.GetDouble(11), reader.GetInt64(12)), Is.EqualTo((1e300, 9007199254740991L)));
            Assert.That((reader.GetInt64(13), reader.GetInt64(14)), Is.EqualTo((long.MaxValue, long.MinValue)));
            Assert.That(reader.GetInt64(9), Is.EqualTo(1), "a real asked for as an integer is truncated, as before");
        });
        await reader.ReadAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That((reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(3)), Is.EqualTo((true, false, false)));
            Assert.That((reader.GetInt64(4), reader.GetDouble(5), reader.GetInt64(6)), Is.EqualTo((12L, -3.25, 9007199254740993L)));
            Assert.That(reader.GetDecimal(5), Is.EqualTo(-3.25m));
        });
    }

    [Test]
    public void Counts_come_as_a_list_or_as_one_count_for_every_row()
    {
        using var response = BatchResponse.Parse("""{"results":[{"changes":[1,null,2]},{"each":1,"n":1000},{"changes":[]},{"rows":[]}]}""", out _);
        Assert.Multiple(() =>
        {
            Assert.That(response.Completed, Is.EqualTo(4));
            Assert.That(response.Changes(0), Is.EqualTo(new[] { 1, 0, 2 }));
            Assert.That(response.Changes(1), Has.Length.EqualTo(1000).And.All.EqualTo(1));
            Assert.That(response.Changes(2), Is.Empty);
            Assert.That(() => response.Changes(3), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void A_failed_step_throws_the_stores_error_with_its_code_and_index()
    {
        const string answer = """{"error":{"message":"UNIQUE constraint failed: \"t\".id","code":2067},"at":1,"results":[{"changes":[1]}]}""";
        var failure = Assert.Throws<BatchFailure>(() => BatchResponse.Parse(answer, out _))!;
        Assert.That((failure.At, failure.Error.Code, failure.Error.Message), Is.EqualTo((1, (int?)2067, "UNIQUE constraint failed: \"t\".id")));
    }

    [Test]
    public void An_error_without_a_code_keeps_its_message()
    {
        var failure = Assert.Throws<BatchFailure>(() => BatchResponse.Parse("""{"error":{"message":"out of memory","code":null},"at":0,"results":[]}""", out _))!;
        Assert.That((failure.At, failure.Error.Code, failure.Error.Message), Is.EqualTo((0, (int?)null, "out of memory")));
    }

    [TestCase("")]
    [TestCase("{")]
    [TestCase("""{"results":[{"rows":[["open]]}]}""")]
    [TestCase("""{"results":[{"rows":[[nul]]}]}""")]
    [TestCase("""{"results":[{"rows":[[{"x":"1"}]]}]}""")]
    [TestCase("""{"results":[{"rows":[["\u12"]]}]}""")]
    [TestCase("""{"results":[]} trailing""")]
    [TestCase("""{"results":[{"changes":[1 2]}]}""")]
    public void Text_that_is_not_the_answers_JSON_is_refused(string answer)
    {
        Assert.That(() =>
        {
            using var response = BatchResponse.Parse(answer, out _);
            var reader = response.Rows(0);
            _ = reader.ReadAsync(CancellationToken.None).AsTask().Result;
            reader.GetString(0);
        }, Throws.InstanceOf<FormatException>());
    }
}
