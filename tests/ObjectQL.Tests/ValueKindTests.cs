using ObjectQL.Metadata;
using ObjectQL.Testing;
using ObjectQL.Values;

namespace ObjectQL.Tests;

/// <summary>The field-type -> value-kind table the runtime shares with the generator (docs/modeling.md).</summary>
public class ValueKindTests
{
    [TestCase(FieldType.Text, ValueKind.Text)]
    [TestCase(FieldType.AutoNumber, ValueKind.Text)]
    [TestCase(FieldType.MasterDetail, ValueKind.Text)]
    [TestCase(FieldType.Percent, ValueKind.Number)]
    [TestCase(FieldType.Currency, ValueKind.Decimal)]
    [TestCase(FieldType.Boolean, ValueKind.Boolean)]
    [TestCase(FieldType.Date, ValueKind.Date)]
    [TestCase(FieldType.DateTime, ValueKind.DateTime)]
    [TestCase(FieldType.Time, ValueKind.Time)]
    [TestCase(FieldType.Grid, ValueKind.Json)]
    [TestCase(FieldType.Vector, ValueKind.Vector)]
    [TestCase(FieldType.Summary, ValueKind.Number)]
    [TestCase(FieldType.Formula, ValueKind.Text)]
    public void Each_field_type_has_the_kind_of_its_canonical_value(FieldType type, ValueKind kind) =>
        Assert.That(FieldShape.KindOf(Field(type)), Is.EqualTo(kind));

    [Test]
    public void A_formula_takes_the_kind_of_its_data_type() =>
        Assert.That(FieldShape.KindOf(Field(FieldType.Formula) with { DataType = FieldType.Date }), Is.EqualTo(ValueKind.Date));

    [Test]
    public void A_select_holds_numbers_only_when_every_option_is_a_number()
    {
        var numbers = Field(FieldType.Select) with { Options = [Option(1.0), Option(2.0)] };
        var mixed = Field(FieldType.Select) with { Options = [Option(1.0), Option("two")] };
        Assert.That((FieldShape.KindOf(numbers), FieldShape.KindOf(mixed)), Is.EqualTo((ValueKind.Number, ValueKind.Text)));
    }

    [Test]
    public void System_fields_have_their_kinds_and_no_definition()
    {
        var kinds = SystemFields.All.Select(name => FieldShape.Find(TestModels.Note, name)!.Value).Select(s => (s.Name, s.Kind, s.IsSystem));
        Assert.That(kinds, Is.EqualTo(new[]
        {
            ("id", ValueKind.Text, true), ("created_at", ValueKind.DateTime, true), ("updated_at", ValueKind.DateTime, true),
            ("created_by", ValueKind.Text, true), ("updated_by", ValueKind.Text, true), ("_version", ValueKind.Integer, true),
        }));
    }

    private static FieldDefinition Field(FieldType type) => new() { Name = "f", Label = "F", Type = type };

    private static SelectOption Option(object value) => new() { Value = value, Label = value.ToString()! };
}
