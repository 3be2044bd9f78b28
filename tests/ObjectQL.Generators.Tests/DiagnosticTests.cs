using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;

namespace ObjectQL.Generators.Tests;

/// <summary>Every diagnostic: its ID, severity, file, and the line and column (1-based, as an IDE shows them) of the YAML at fault.</summary>
public class DiagnosticTests
{
    private static Diagnostic Single(RunOutcome outcome, string id)
    {
        var matching = outcome.Diagnostics.Where(d => d.Id == id).ToList();
        Assert.That(matching, Has.Count.EqualTo(1), string.Join("\n", outcome.Diagnostics));
        return matching[0];
    }

    private static void AssertAt(Diagnostic diagnostic, string file, int line, int column)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Multiple(() =>
        {
            Assert.That(span.Path, Is.EqualTo(file));
            Assert.That(span.StartLinePosition.Line + 1, Is.EqualTo(line), "line");
            Assert.That(span.StartLinePosition.Character + 1, Is.EqualTo(column), "column");
        });
    }

    private static RunOutcome Run(string file, string yaml, params (string, string)[] others) =>
        GeneratorHarness.Run([(file, yaml), .. others]);

    [Test]
    public void Malformed_yaml_is_OQL0001_at_the_broken_token()
    {
        var outcome = Run("a.object.yml", "fields:\n  title: { type: text\n  done: true\n");
        var d = Single(outcome, "OQL0001");
        Assert.That(d.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(d.Location.GetLineSpan().Path, Is.EqualTo("a.object.yml"));
        Assert.That(d.Location.GetLineSpan().StartLinePosition.Line, Is.GreaterThanOrEqualTo(1));
        Assert.That(outcome.Sources.Where(s => s.HintName.StartsWith("A", StringComparison.Ordinal) && s.HintName != "AppModel.g.cs" && s.HintName != "AppModelJsonContext.g.cs"), Is.Empty);
    }

    [Test]
    public void Tab_indentation_is_OQL0001_with_a_location()
    {
        var outcome = Run("a.object.yml", "fields:\n\ttitle: x\n");
        AssertAt(Single(outcome, "OQL0001"), "a.object.yml", 2, 1);
    }

    [Test]
    public void Misspelled_field_key_is_an_OQL0002_error_at_the_key_suggesting_the_known_one()
    {
        var outcome = Run("a.object.yml", "fields:\n  title:\n    type: text\n    requird: true\n");
        var d = Single(outcome, "OQL0002");
        Assert.That(d.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(d.GetMessage(CultureInfo.InvariantCulture), Does.Contain("'requird'").And.Contain("did you mean 'required'?").And.Contain("'x-'"));
        Assert.That(d.Descriptor.HelpLinkUri, Does.EndWith("docs/diagnostics/OQL0002.md"));
        AssertAt(d, "a.object.yml", 4, 5);
    }

    [Test]
    public void Unknown_top_level_key_is_OQL0002()
    {
        var d = Single(Run("a.object.yml", "labl: A\nfields:\n  x: { type: text }\n"), "OQL0002");
        AssertAt(d, "a.object.yml", 1, 1);
        Assert.That(d.GetMessage(CultureInfo.InvariantCulture), Does.Contain("did you mean 'label'?"));
    }

    [Test]
    public void Misspelled_top_level_fields_is_an_OQL0002_error_and_generates_no_object()
    {
        var outcome = Run("a.object.yml", "label: A\nfeilds:\n  x: { type: text, required: true }\n");
        var errors = outcome.Diagnostics.Where(d => d.Id == "OQL0002").ToList();
        Assert.That(errors, Has.All.Matches<Diagnostic>(d => d.Severity == DiagnosticSeverity.Error));
        var feilds = errors.Single(d => d.GetMessage(CultureInfo.InvariantCulture).Contains("'feilds'", StringComparison.Ordinal));
        Assert.That(feilds.GetMessage(CultureInfo.InvariantCulture), Does.Contain("did you mean 'fields'?"));
        AssertAt(feilds, "a.object.yml", 2, 1);
        Assert.That(outcome.Sources.Select(s => s.HintName), Does.Not.Contain("A.g.cs"));
    }

    [Test]
    public void Extension_keys_with_the_x_prefix_are_accepted_everywhere_without_a_diagnostic()
    {
        var yaml = "x-owner: team-a\nx-defaults: &text { type: text }\nfields:\n  a: { <<: *text, x-ui: wide }\n" +
            "validation:\n  rules:\n    - name: r\n      type: cross_field\n      x-note: checked nightly\n      rule: { field: a, operator: '!=', value: b }\n";
        var outcome = Run("a.object.yml", yaml);
        Assert.That(outcome.Diagnostics.Where(d => d.Id.StartsWith("OQL", StringComparison.Ordinal)), Is.Empty, string.Join("\n", outcome.Diagnostics));
        Assert.That(outcome.Sources.Select(s => s.HintName), Does.Contain("A.g.cs"));
        var bundle = Run("b.object.yml", "x-shared: &t { type: text }\nb: { fields: { x: *t } }\n");
        Assert.That(bundle.Diagnostics.Where(d => d.Id.StartsWith("OQL", StringComparison.Ordinal)), Is.Empty, string.Join("\n", bundle.Diagnostics));
    }

    [Test]
    public void Wrong_value_shape_is_OQL0003()
    {
        AssertAt(Single(Run("a.object.yml", "fields:\n  x: { type: text, required: maybe }\n"), "OQL0003"), "a.object.yml", 2, 30);
    }

    [Test]
    public void Unknown_deleteBehavior_and_misplaced_prefix_are_OQL0003()
    {
        AssertAt(Single(Run("a.object.yml", "fields:\n  x: { type: lookup, reference_to: a, deleteBehavior: wipe }\n"), "OQL0003"), "a.object.yml", 2, 55);
        AssertAt(Single(Run("a.object.yml", "fields:\n  x: { type: text, prefix: \"A-\" }\n"), "OQL0003"), "a.object.yml", 2, 28);
    }

    [Test]
    public void Field_without_type_is_OQL0004()
    {
        AssertAt(Single(Run("a.object.yml", "fields:\n  x: { label: X }\n"), "OQL0004"), "a.object.yml", 2, 3);
    }

    [TestCase("a.object.yml", "'fields'")]
    [TestCase("a.permission.yml", "'object_permissions'")]
    public void Empty_file_is_OQL0004(string file, string missing)
    {
        var d = Single(Run(file, "# nothing here\n"), "OQL0004");
        Assert.That(d.GetMessage(), Does.Contain(missing));
        AssertAt(d, file, 1, 1);
    }

    [Test]
    public void Unknown_field_type_is_OQL0100_at_the_type_value()
    {
        var d = Single(Run("a.object.yml", "fields:\n  x:\n    type: strng\n"), "OQL0100");
        Assert.That(d.GetMessage(), Does.Contain("strng"));
        AssertAt(d, "a.object.yml", 3, 11);
    }

    [Test]
    public void Duplicate_object_is_OQL0101_on_the_second_file()
    {
        var outcome = Run("b/x.object.yml", "fields:\n  a: { type: text }\n", ("a/x.object.yml", "fields:\n  b: { type: text }\n"));
        AssertAt(Single(outcome, "OQL0101"), "b/x.object.yml", 1, 1);
        Assert.That(outcome.Sources.Count(s => s.HintName == "X.g.cs"), Is.EqualTo(1));
        Assert.That(outcome.CompileDiagnostics(), Is.Empty);
    }

    [Test]
    public void Duplicate_field_is_OQL0102_at_the_second_key()
    {
        AssertAt(Single(Run("a.object.yml", "fields:\n  x: { type: text }\n  x: { type: number }\n"), "OQL0102"), "a.object.yml", 3, 3);
    }

    [Test]
    public void Lookup_to_unknown_object_is_OQL0103_at_reference_to()
    {
        var d = Single(Run("a.object.yml", "fields:\n  owner: { type: lookup, reference_to: usr }\n"), "OQL0103");
        Assert.That(d.GetMessage(), Does.Contain("usr"));
        AssertAt(d, "a.object.yml", 2, 40);
    }

    [Test]
    public void Select_default_not_an_option_is_OQL0104()
    {
        AssertAt(Single(Run("a.object.yml", "fields:\n  p:\n    options: [low, high]\n    defaultValue: medium\n"), "OQL0104"), "a.object.yml", 4, 19);
    }

    [Test]
    public void Default_of_the_wrong_type_is_OQL0105()
    {
        AssertAt(Single(Run("a.object.yml", "fields:\n  n: { type: number, defaultValue: lots }\n"), "OQL0105"), "a.object.yml", 2, 36);
    }

    [Test]
    public void Datetime_default_without_an_offset_is_OQL0105()
    {
        AssertAt(Single(Run("a.object.yml", "fields:\n  d: { type: datetime, defaultValue: \"2026-01-31T08:30:00\" }\n"), "OQL0105"), "a.object.yml", 2, 38);
    }

    [Test]
    public void Unsupported_rule_type_is_OQL0106_and_never_passes_silently()
    {
        var yaml = "fields:\n  a: { type: text }\nvalidation:\n  rules:\n    - name: r\n      type: dependency\n";
        var outcome = Run("a.object.yml", yaml);
        AssertAt(Single(outcome, "OQL0106"), "a.object.yml", 6, 13);
        Assert.That(outcome.Source("A.g.cs"), Does.Not.Contain("ValidationRules"));
    }

    [Test]
    public void Unknown_operator_is_OQL0107()
    {
        var yaml = "fields:\n  a: { type: number }\nvalidation:\n  rules:\n    - name: r\n      type: cross_field\n      rule: { field: a, operator: '~', value: 1 }\n";
        AssertAt(Single(Run("a.object.yml", yaml), "OQL0107"), "a.object.yml", 7, 35);
    }

    [Test]
    public void Bad_postfix_expression_is_OQL0107()
    {
        var yaml = "object: a\nrecord_rules:\n  - name: r\n    condition:\n      type: complex\n      expression:\n        - { field: x, operator: '=', value: 1 }\n        - and\n";
        var outcome = Run("a.permission.yml", yaml, ("a.object.yml", "fields:\n  x: { type: number }\n"));
        AssertAt(Single(outcome, "OQL0107"), "a.permission.yml", 8, 11);
    }

    [Test]
    public void Index_on_an_unknown_field_is_OQL0108()
    {
        AssertAt(Single(Run("a.object.yml", "fields:\n  a: { type: text }\nindexes:\n  i: { fields: [a, b] }\n"), "OQL0108"), "a.object.yml", 4, 20);
    }

    [Test]
    public void Flat_cross_field_rule_comparing_to_an_unknown_field_is_OQL0108()
    {
        var yaml = "fields:\n  a: { type: number }\nvalidation:\n  rules:\n    - { name: r, type: cross_field, field: a, operator: '>', compare_to: typo, message: m }\n";
        var d = Single(Run("a.object.yml", yaml), "OQL0108");
        Assert.That(d.GetMessage(CultureInfo.InvariantCulture), Does.Contain("typo"));
        Assert.That(d.Location.GetLineSpan().StartLinePosition.Line, Is.EqualTo(4));
    }

    [Test]
    public void An_alias_inside_its_own_anchor_is_OQL0001_not_a_crash()
    {
        var yaml = "fields:\n  a: { type: number }\nvalidation:\n  rules:\n    - name: r\n      type: cross_field\n      rule: &r { all_of: [ *r ] }\n";
        var d = Single(Run("a.object.yml", yaml), "OQL0001");
        Assert.That(d.GetMessage(CultureInfo.InvariantCulture), Does.Contain("contains it"));
    }

    [Test]
    public void Aliases_that_expand_to_millions_of_nodes_are_OQL0001()
    {
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 9; i++)
        {
            var previous = $"*a{i - 1}";
            yaml.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat(previous, 10))}]\n");
        }
        yaml.Append("fields:\n  a: { type: text }\n");
        var d = Single(Run("a.object.yml", yaml.ToString()), "OQL0001");
        Assert.That(d.GetMessage(CultureInfo.InvariantCulture), Does.Contain("100,000 nodes"));
    }

    [Test]
    public void Permission_file_for_unknown_object_is_OQL0110()
    {
        AssertAt(Single(Run("p.permission.yml", "name: p\nobject: nothing\n"), "OQL0110"), "p.permission.yml", 2, 9);
    }

    [Test]
    public void Permission_for_unknown_field_is_OQL0111()
    {
        var outcome = Run("a.permission.yml", "object: a\nfield_permissions:\n  secret: { read: [] }\n", ("a.object.yml", "fields:\n  x: { type: text }\n"));
        AssertAt(Single(outcome, "OQL0111"), "a.permission.yml", 3, 3);
    }

    [Test]
    public void Record_rule_on_unknown_field_is_OQL0111()
    {
        var outcome = Run("a.permission.yml", "object: a\nrecord_rules:\n  - name: r\n    condition: { field: ownr, operator: '=', value: 1 }\n",
            ("a.object.yml", "fields:\n  owner: { type: text }\n"));
        AssertAt(Single(outcome, "OQL0111"), "a.permission.yml", 4, 25);
    }

    [Test]
    public void Permission_for_unknown_role_is_OQL0112()
    {
        var outcome = Run("a.permission.yml", "object: a\nroles: [admin]\nobject_permissions:\n  read: [admin, guest]\n", ("a.object.yml", "fields:\n  x: { type: text }\n"));
        AssertAt(Single(outcome, "OQL0112"), "a.permission.yml", 4, 17);
    }

    [Test]
    public void Name_that_cannot_be_an_identifier_is_OQL0200()
    {
        var d = Single(Run("a.object.yml", "fields:\n  due-date: { type: date }\n"), "OQL0200");
        AssertAt(d, "a.object.yml", 2, 3);
        Assert.That(Single(Run("9lives.object.yml", "fields:\n  x: { type: text }\n"), "OQL0200").Location.GetLineSpan().Path, Is.EqualTo("9lives.object.yml"));
    }

    [Test]
    public void Field_named_like_a_system_field_is_OQL0201()
    {
        AssertAt(Single(Run("a.object.yml", "fields:\n  x: { type: text }\n  created_at: { type: datetime }\n"), "OQL0201"), "a.object.yml", 3, 3);
    }

    [Test]
    public void Field_named_like_a_generated_member_is_OQL0202()
    {
        var d = Single(Run("a.object.yml", "fields:\n  to_record: { type: text }\n"), "OQL0202");
        Assert.That(d.GetMessage(), Does.Contain("ToRecord"));
        AssertAt(d, "a.object.yml", 2, 3);
    }

    [Test]
    public void Two_fields_with_the_same_csharp_name_are_OQL0203()
    {
        AssertAt(Single(Run("a.object.yml", "fields:\n  due_date: { type: date }\n  due__date: { type: date }\n"), "OQL0203"), "a.object.yml", 3, 3);
    }

    [Test]
    public void Object_named_like_a_generated_type_is_OQL0203()
    {
        Assert.That(Single(Run("app_model.object.yml", "fields:\n  x: { type: text }\n"), "OQL0203").GetMessage(), Does.Contain("AppModel"));
    }

    [Test]
    public void Object_named_like_another_objects_select_enum_is_OQL0203_and_the_rest_compiles()
    {
        var outcome = Run("b/todo_item_priority.object.yml", "fields:\n  x: { type: text }\n", ("a/todo_item.object.yml", "fields:\n  priority: { options: [low, high] }\n"));
        var d = Single(outcome, "OQL0203");
        Assert.That(d.GetMessage(), Does.Contain("TodoItemPriority"));
        AssertAt(d, "b/todo_item_priority.object.yml", 1, 1);
        Assert.That(outcome.CompileDiagnostics(), Is.Empty);
    }

    [Test]
    public void Objects_whose_session_methods_clash_are_OQL0203()
    {
        var outcome = Run("a/box.object.yml", "fields:\n  x: { type: text }\n", ("b/boxe.object.yml", "fields:\n  x: { type: text }\n"));
        Assert.That(Single(outcome, "OQL0203").GetMessage(), Does.Contain("Boxes()"));
        Assert.That(outcome.CompileDiagnostics(), Is.Empty);
    }

    [Test]
    public void Select_enum_named_like_the_objects_patch_is_OQL0203()
    {
        var outcome = Run("a.object.yml", "fields:\n  patch: { options: [x, y] }\n");
        Assert.That(Single(outcome, "OQL0203").GetMessage(), Does.Contain("APatch"));
        Assert.That(outcome.CompileDiagnostics(), Is.Empty);
    }

    [Test]
    public void Option_named_like_its_enum_gets_a_suffix_and_compiles()
    {
        var outcome = Run("a.object.yml", "fields:\n  kind: { options: [a_kind, other] }\n");
        Assert.That(outcome.Diagnostics, Is.Empty);
        Assert.That(outcome.Source("A.g.cs"), Does.Contain("AKind_2,"));
        Assert.That(outcome.CompileDiagnostics(), Is.Empty);
    }

    [Test]
    public void Object_whose_json_member_meets_an_inherited_member_is_OQL0203()
    {
        var outcome = Run("get_type.object.yml", "fields:\n  x: { type: text }\n");
        Assert.That(Single(outcome, "OQL0203").GetMessage(), Does.Contain("GetTypeInfo"));
        Assert.That(outcome.CompileDiagnostics(), Is.Empty);
    }

    [Test]
    public void Unknown_sync_strategy_is_OQL0300()
    {
        AssertAt(Single(Run("a.object.yml", "fields:\n  x: { type: text }\nsync:\n  strategy: newest\n"), "OQL0300"), "a.object.yml", 4, 13);
    }

    [Test]
    public void Unknown_sync_direction_is_OQL0301()
    {
        AssertAt(Single(Run("a.object.yml", "fields:\n  x: { type: text }\nsync: { direction: sideways }\n"), "OQL0301"), "a.object.yml", 3, 20);
    }

    [Test]
    public void Conflict_field_that_is_not_a_field_is_OQL0302()
    {
        AssertAt(Single(Run("a.object.yml", "fields:\n  x: { type: text }\nsync:\n  conflict_fields: [x, y]\n"), "OQL0302"), "a.object.yml", 4, 24);
    }

    [Test]
    public void Non_positive_batch_size_is_OQL0303()
    {
        AssertAt(Single(Run("a.object.yml", "fields:\n  x: { type: text }\nsync:\n  batch_size: 0\n"), "OQL0303"), "a.object.yml", 4, 15);
    }

    [Test]
    public void Every_descriptor_has_a_help_link_and_a_docs_page()
    {
        var docs = Path.GetFullPath(Path.Combine(GeneratorHarness.TestsDirectory(), "..", "..", "docs", "diagnostics"));
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            Assert.That(descriptor.HelpLinkUri, Does.EndWith($"docs/diagnostics/{descriptor.Id}.md"));
            Assert.That(File.Exists(Path.Combine(docs, descriptor.Id + ".md")), Is.True, descriptor.Id);
        }
    }
}
