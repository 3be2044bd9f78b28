using ObjectQL.Entities.Generated;
using ObjectQL.Querying;
using ObjectQL.Querying.Json;
using ObjectQL.Testing;
using ObjectQL.Values;

namespace ObjectQL.Tests;

public sealed class QueryJsonWriterTests
{
    [TestCase(ValueKind.Time, "08:30:00", "\"08:30:00\"")]
    [TestCase(ValueKind.Time, "08:30:00.1234567", "\"08:30:00.123456\"")]
    [TestCase(ValueKind.DateTime, "2026-01-31T08:30:00.5+01:00", "\"2026-01-31T08:30:00.5+01:00\"")]
    [TestCase(ValueKind.Date, "2026-01-31", "\"2026-01-31\"")]
    public void Entities_and_queries_write_a_value_the_same_way_and_read_it_back(ValueKind kind, string text, string json)
    {
        Assert.That(CanonicalValues.TryConvert(kind, text, out var value, out _), Is.True);
        static string Write(Action<System.Text.Json.Utf8JsonWriter> write)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                write(writer);
            }
            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        var canonical = Write(w => CanonicalValues.WriteJson(w, value));
        Assert.That(Write(w => EntityJson.WriteValue(w, value)), Is.EqualTo(canonical));
        Assert.That(canonical, Is.EqualTo(json));
        Assert.That(CanonicalValues.TryConvert(kind, System.Text.Json.JsonDocument.Parse(canonical).RootElement.GetString(), out var back, out _), Is.True);
        Assert.That(back, Is.EqualTo(value));
    }

    [Test]
    public void Writer_emits_canonical_json()
    {
        var query = QueryNormalizer.Normalize(new Query
        {
            Where = new Filter.Comparison("age", FilterOperator.Gt, 25) & new Filter.Comparison("role", FilterOperator.In, new[] { "admin", "user" }),
            Fields = ["name"],
            OrderBy = [new SortSpec("age", SortDirection.Descending)],
            Limit = 10,
            Offset = 20,
        }, TestModels.User);
        Assert.That(QueryJsonWriter.Write(query), Is.EqualTo(
            """{"where":{"$and":[{"age":{"$gt":25}},{"role":{"$in":["admin","user"]}}]},"fields":["name"],"orderBy":[{"field":"age","order":"desc"}],"limit":10,"offset":20}"""));
    }

    public static IEnumerable<TestCaseData> RoundTripCases()
    {
        var all = TestModels.AllTypes;
        Filter C(string field, FilterOperator op, object? value) => new Filter.Comparison(field, op, value);
        yield return new TestCaseData(all, new Query { Where = C("f_currency", FilterOperator.Eq, 12345678901234.5678m) }).SetArgDisplayNames("decimal");
        yield return new TestCaseData(all, new Query { Where = C("f_number", FilterOperator.Lt, 0.1) }).SetArgDisplayNames("double");
        yield return new TestCaseData(all, new Query { Where = C("f_datetime", FilterOperator.Gte, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(-7)).AddTicks(120)) }).SetArgDisplayNames("datetime");
        yield return new TestCaseData(all, new Query { Where = C("f_date", FilterOperator.Between, new object[] { new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31) }) }).SetArgDisplayNames("date");
        yield return new TestCaseData(all, new Query { Where = C("f_time", FilterOperator.Eq, new TimeOnly(13, 14, 15, 16)) }).SetArgDisplayNames("time");
        yield return new TestCaseData(all, new Query { Where = !C("f_boolean", FilterOperator.Eq, false) | C("f_text", FilterOperator.Contains, "q\"u'o%te\\") }).SetArgDisplayNames("text_and_logic");
        yield return new TestCaseData(all, new Query { Where = C("f_select_number", FilterOperator.Nin, new object?[] { 2.5, null }) }).SetArgDisplayNames("numeric_select");
        yield return new TestCaseData(all, new Query { Where = C("f_object", FilterOperator.Null, true) & C("f_tags", FilterOperator.Contains, "x") }).SetArgDisplayNames("json_and_list");
        yield return new TestCaseData(all, new Query { Where = C("_version", FilterOperator.Gt, 3L) & new Filter.And([]) & new Filter.Or([]) }).SetArgDisplayNames("version_and_empty_groups");
        yield return new TestCaseData(TestModels.Order, new Query
        {
            Where = C("status", FilterOperator.Ne, "cancelled"),
            GroupBy = ["customer"],
            Aggregations = [new Aggregation(AggregateFunction.Sum, "total", "revenue"), new Aggregation(AggregateFunction.Count, null, "n")],
        }).SetArgDisplayNames("aggregation");
    }

    [TestCaseSource(nameof(RoundTripCases))]
    public void Reading_written_json_gives_an_equal_query(Metadata.ObjectDefinition definition, Query query)
    {
        var normalized = QueryNormalizer.Normalize(query, definition);
        var json = QueryJsonWriter.Write(normalized);
        Assert.That(QueryJsonReader.Read(json, definition), Is.EqualTo(normalized), json);
    }
}
