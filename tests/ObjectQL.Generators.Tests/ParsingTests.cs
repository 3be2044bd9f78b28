using ObjectQL.Generators.Models;
using ObjectQL.Generators.Parsing;

namespace ObjectQL.Generators.Tests;

/// <summary>Targeted checks of the metadata format's loading rules.</summary>
public class ParsingTests
{
    private static ParsedFile Parse(string path, string yaml) => FileParser.Parse(path, yaml, CancellationToken.None);

    private static ObjectSpec SingleObject(string path, string yaml)
    {
        var file = Parse(path, yaml);
        Assert.That(file.Diagnostics.Select(d => d.Id), Is.Empty);
        return file.Objects.Single();
    }

    [Test]
    public void Object_name_comes_from_the_file_name_and_the_label_is_title_cased()
    {
        var spec = SingleObject("/x/Objects/todo_item.object.yml", "fields:\n  due_date: { type: date }\n");
        Assert.That((spec.Name, spec.ClassName, spec.Label), Is.EqualTo(("todo_item", "TodoItem", "Todo Item")));
        Assert.That(spec.Fields.Single().Label, Is.EqualTo("Due Date"));
        Assert.That(spec.Fields.Single().PropertyName, Is.EqualTo("DueDate"));
    }

    [Test]
    public void Explicit_name_wins_over_the_file_name()
    {
        Assert.That(SingleObject("/x/foo.object.yml", "name: bar_baz\nfields:\n  a: { type: text }\n").ClassName, Is.EqualTo("BarBaz"));
    }

    [Test]
    public void Bundle_form_defines_one_object_per_key_with_fields()
    {
        var file = Parse("/x/crm.object.yml", "account:\n  fields:\n    a: { type: text }\ncontact:\n  label: Person\n  fields:\n    b: { type: text }\n");
        Assert.That(file.Objects.Select(o => (o.Name, o.Label)), Is.EqualTo(new[] { ("account", "Account"), ("contact", "Person") }));
    }

    [TestCase("reference_to: user", "lookup")]
    [TestCase("options: [a, b]", "select")]
    [TestCase("expression: 1 + 2", "formula")]
    [TestCase("summary_object: user", "summary")]
    public void Type_is_inferred(string attribute, string type)
    {
        Assert.That(SingleObject("/x/a.object.yml", $"fields:\n  f: {{ {attribute} }}\n").Fields.Single().Type, Is.EqualTo(type));
    }

    [Test]
    public void The_reference_alias_is_accepted_but_does_not_infer_a_lookup()
    {
        Assert.That(Parse("/x/a.object.yml", "fields:\n  f: { reference: user }\n").Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "OQL0004" }));
        Assert.That(SingleObject("/x/a.object.yml", "fields:\n  f: { type: lookup, reference: user }\n").Fields.Single().ReferenceTo, Is.EqualTo("user"));
    }

    [Test]
    public void Every_one_of_the_27_field_types_is_accepted()
    {
        Assert.That(FieldTypes.EnumMembers, Has.Count.EqualTo(27));
        var runtimeNames = Enum.GetNames<ObjectQL.Metadata.FieldType>();
        Assert.That(FieldTypes.EnumMembers.Values, Is.EquivalentTo(runtimeNames));
    }

    [Test]
    public void Options_accept_bare_values_and_mappings_and_keep_numbers_as_numbers()
    {
        var field = SingleObject("/x/a.object.yml", "fields:\n  f:\n    options:\n      - on_hold\n      - { value: 2, label: Two, color: red }\n").Fields.Single();
        Assert.That(field.Options.Select(o => (o.Value, o.IsNumber, o.Label, o.MemberName)),
            Is.EqualTo(new[] { ("on_hold", false, "On Hold", "OnHold"), ("2", true, "Two", "Value2") }));
    }

    [Test]
    public void Complex_postfix_conditions_become_groups()
    {
        var yaml = "object: a\nrecord_rules:\n  - name: r\n    condition:\n      type: complex\n      expression:\n" +
            "        - { field: a, operator: '=', value: 1 }\n        - { field: b, operator: '=', value: 2 }\n        - and\n" +
            "        - { field: c, operator: '=', value: 3 }\n        - and\n        - { field: d, operator: '=', value: 4 }\n        - or\n";
        var condition = Parse("/x/a.permission.yml", yaml).Permission!.RecordRules.Single().Condition;
        Assert.That(condition.AnyOf, Has.Count.EqualTo(2));
        Assert.That(condition.AnyOf[0].AllOf.Select(c => c.Field), Is.EqualTo(new[] { "a", "b", "c" }), "nested ands flatten");
        Assert.That(condition.AnyOf[1].Field, Is.EqualTo("d"));
    }

    [Test]
    public void Unknown_keys_are_reported_and_the_rest_of_the_object_is_read()
    {
        var file = Parse("/x/a.object.yml", "fields:\n  a: { type: text, colour: red }\n");
        Assert.That(file.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "OQL0002" }));
        Assert.That(file.Objects.Single().Fields, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_field_named_like_its_object_gets_the_Value_suffix()
    {
        Assert.That(SingleObject("/x/task.object.yml", "fields:\n  task: { type: text }\n").Fields.Single().PropertyName, Is.EqualTo("TaskValue"));
    }

    [Test]
    public void Namespace_comes_from_the_ObjectQLNamespace_property_or_falls_back()
    {
        var files = ("/x/a.object.yml", "fields:\n  b: { type: text }\n");
        Assert.That(GeneratorHarness.Run("My.Models", files).Source("A.g.cs"), Does.Contain("namespace My.Models;"));
        Assert.That(GeneratorHarness.Run(null, files).Source("A.g.cs"), Does.Contain("namespace ObjectQL.Generated;"));
        Assert.That(GeneratorHarness.Run("not a namespace", files).Source("A.g.cs"), Does.Contain("namespace ObjectQL.Generated;"));
    }

    [Test]
    public void Anchors_and_aliases_are_resolved()
    {
        var spec = SingleObject("/x/a.object.yml", "fields:\n  a: &text { type: text, required: true }\n  b: *text\n");
        Assert.That(spec.Fields.Select(f => (f.Name, f.Type, f.Required)), Is.EqualTo(new[] { ("a", "text", true), ("b", "text", true) }));
    }

    [Test]
    public void Merge_keys_copy_entries_and_the_mappings_own_keys_win()
    {
        var yaml = "x-base: &base { type: text, required: true }\nfields:\n  a: { <<: *base, required: false }\n  b:\n    <<: *base\n    label: Bee\n";
        var file = Parse("/x/m.object.yml", yaml);
        var spec = file.Objects.Single();
        Assert.That(spec.Fields.Select(f => (f.Name, f.Type, f.Required, f.Label)), Is.EqualTo(new[] { ("a", "text", false, "A"), ("b", "text", true, "Bee") }));
        Assert.That(file.Diagnostics, Is.Empty, "'x-base' is an extension key");
    }

    [Test]
    public void Unrelated_additional_files_are_ignored()
    {
        var outcome = GeneratorHarness.Run(("/x/appsettings.yml", "fields: nonsense"), ("/x/readme.md", "# hi"));
        Assert.That(outcome.Diagnostics, Is.Empty);
        Assert.That(outcome.Sources.Select(s => s.HintName), Is.EquivalentTo(new[] { "AppModel.g.cs", "AppModelJsonContext.g.cs" }));
    }
}
