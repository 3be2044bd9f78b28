using System.Text.Json;
using ObjectQL.Entities.Generated;
using ObjectQL.Metadata;
using ObjectQL.Values;

namespace ObjectQL.Tests;

/// <summary>JSON values become record values by their field's kind, exactly: review finding R9 (never through a double).</summary>
public sealed class ExactJsonConversionTests
{
    private static readonly ObjectDefinition Ledger = new()
    {
        Name = "ledger",
        Label = "Ledger",
        Fields =
        [
            new FieldDefinition { Name = "amount", Label = "Amount", Type = FieldType.Currency },
            new FieldDefinition { Name = "ratio", Label = "Ratio", Type = FieldType.Number },
            new FieldDefinition { Name = "when", Label = "When", Type = FieldType.DateTime },
        ],
    };

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static FieldShape Field(string name) => FieldShape.Get(Ledger, name);

    // A number spelled as its own canonical form and one in another spelling convert to the same value.
    [TestCase("1", 1.0)]
    [TestCase("1.0", 1.0)]
    [TestCase("1e0", 1.0)]
    [TestCase("0.1", 0.1)]
    [TestCase("1.50", 1.5)]
    [TestCase("1E+21", 1e21)]
    [TestCase("1e21", 1e21)]
    [TestCase("-2.5e-3", -0.0025)]
    [TestCase("1.7976931348623157E+308", double.MaxValue)]
    public void R9_a_number_field_takes_every_spelling_of_a_double_it_holds(string json, double expected)
    {
        Assert.That(CanonicalValues.FromJson(Field("ratio"), Json(json)), Is.EqualTo(expected).And.TypeOf<double>());
    }

    [TestCase("12", 12L)]
    [TestCase("-0", 0L)]
    [TestCase("1.0", 1L)]
    [TestCase("9007199254740993", 9007199254740993L)]
    [TestCase("-9223372036854775808", long.MinValue)]
    public void R9_a_whole_number_field_takes_every_spelling_of_a_long(string json, long expected)
    {
        Assert.That(CanonicalValues.FromJson(FieldShape.Get(Ledger, SystemFields.Version), Json(json)), Is.EqualTo(expected).And.TypeOf<long>());
    }

    [TestCase("1.5")]
    [TestCase("9223372036854775808")]
    public void R9_a_whole_number_field_refuses_what_no_long_holds(string json)
    {
        Assert.Throws<ObjectQLException>(() => CanonicalValues.FromJson(FieldShape.Get(Ledger, SystemFields.Version), Json(json)));
    }

    [Test]
    public void R9_a_long_integer_keeps_its_exact_digits_as_an_integer()
    {
        Assert.That(CanonicalValues.FromJson(FieldShape.Get(Ledger, SystemFields.Version), Json("9007199254740993")), Is.EqualTo(9007199254740993L));
    }

    [Test]
    public void R9_a_long_integer_a_double_cannot_hold_is_refused_by_a_number_field_naming_it()
    {
        var error = Assert.Throws<ObjectQLException>(() => CanonicalValues.FromJson(Field("ratio"), Json("9007199254740993")))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
            Assert.That(error.Field, Is.EqualTo("ratio"));
            Assert.That(error.Details[0].Reason, Is.EqualTo("number_not_exact"));
        });
    }

    [Test]
    public void R9_currency_keeps_every_digit_through_decimal()
    {
        Assert.That(CanonicalValues.FromJson(Field("amount"), Json("12345678901234567.89")), Is.EqualTo(12345678901234567.89m));
    }

    [Test]
    public void R9_currency_with_more_digits_than_a_decimal_holds_is_refused_not_rounded()
    {
        var error = Assert.Throws<ObjectQLException>(() => CanonicalValues.FromJson(Field("amount"), Json("0.1234567890123456789012345678901")))!;
        Assert.That((error.Field, error.Details[0].Reason), Is.EqualTo(("amount", "number_not_exact")));
    }

    [TestCase("1e400")]
    [TestCase("-1e400")]
    [TestCase("1e-400")]
    public void R9_a_number_out_of_range_is_refused_naming_the_field(string literal)
    {
        var error = Assert.Throws<ObjectQLException>(() => CanonicalValues.FromJson(Field("ratio"), Json(literal)))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
            Assert.That(error.Field, Is.EqualTo("ratio"));
            Assert.That(error.Details[0].Reason, Is.EqualTo("number_out_of_range"));
        });
    }

    [TestCase("ratio")]
    [TestCase("amount")]
    [TestCase(SystemFields.Version)]
    public void R9_one_one_point_oh_and_one_e_zero_are_one_value_with_one_canonical_form(string field)
    {
        var values = new[] { "1", "1.0", "1e0", "10e-1" }.Select(literal => CanonicalValues.FromJson(FieldShape.Get(Ledger, field), Json(literal))).ToList();
        var bytes = values.Select(v => CanonicalJson.ToBytes(CanonicalValues.ToJsonElement(v))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(values.All(v => CanonicalValues.Equals(v, values[0])), Is.True);
            Assert.That(bytes.All(b => b.SequenceEqual("1"u8.ToArray())), Is.True);
        });
    }

    [Test]
    public void R9_text_for_a_number_field_is_refused_naming_the_field()
    {
        var error = Assert.Throws<ObjectQLException>(() => CanonicalValues.FromJson(Field("ratio"), Json("\"12\"")))!;
        Assert.That((error.Code, error.Field, error.Details[0].Reason), Is.EqualTo((ErrorCodes.InvalidRequest, "ratio", "invalid_type")));
    }

    [TestCase("\"2026-11-26\"")]
    [TestCase("\"2026-11-26T10:00:00\"")]
    [TestCase("1764151200000")]
    public void Instants_are_parsed_strictly_with_their_offset(string literal)
    {
        var error = Assert.Throws<ObjectQLException>(() => CanonicalValues.FromJson(Field("when"), Json(literal)))!;
        Assert.That(error.Field, Is.EqualTo("when"));
    }

    [Test]
    public void Typed_entity_json_reads_numbers_exactly_or_names_the_field()
    {
        var exact = ReadValue("12345678901234567.89", ValueKind.Decimal);
        var error = Assert.Throws<JsonException>(() => ReadValue("9007199254740993", ValueKind.Number))!;
        Assert.Multiple(() =>
        {
            Assert.That(exact, Is.EqualTo(12345678901234567.89m));
            Assert.That(ReadValue("1e0", ValueKind.Integer), Is.EqualTo(1L));
            Assert.That(ReadValue("0.1", ValueKind.Number), Is.EqualTo(0.1));
            Assert.That(error.Message, Does.Contain("'price'"));
            Assert.That(() => ReadValue("1e400", ValueKind.Number), Throws.InstanceOf<JsonException>().With.Message.Contains("out of the range"));
        });
    }

    private static object? ReadValue(string json, ValueKind kind)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        reader.Read();
        return EntityJson.ReadValue(ref reader, kind, multiple: false, "price");
    }
}
