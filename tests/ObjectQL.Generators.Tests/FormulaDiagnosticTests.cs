using System.Globalization;
using Microsoft.CodeAnalysis;

namespace ObjectQL.Generators.Tests;

/// <summary>Formula and summary fields: each error is located inside the expression, and good formulas compile.</summary>
public class FormulaDiagnosticTests
{
    private const string Fields = "fields:\n  amount: { type: number }\n  price: { type: currency }\n  title: { type: text }\n  tags: { type: text, multiple: true }\n";

    private static RunOutcome Run(string formula) => GeneratorHarness.Run([("order.object.yml", Fields + formula)]);

    private static Diagnostic Single(RunOutcome outcome, string id)
    {
        var matching = outcome.Diagnostics.Where(d => d.Id == id).ToList();
        Assert.That(matching, Has.Count.EqualTo(1), string.Join("\n", outcome.Diagnostics));
        return matching[0];
    }

    private static void AssertAt(Diagnostic diagnostic, int line, int column, int length)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Multiple(() =>
        {
            Assert.That(span.Path, Is.EqualTo("order.object.yml"));
            Assert.That(span.StartLinePosition.Line + 1, Is.EqualTo(line), "line");
            Assert.That(span.StartLinePosition.Character + 1, Is.EqualTo(column), "column");
            Assert.That(span.EndLinePosition.Character - span.StartLinePosition.Character, Is.EqualTo(length), "length");
        });
    }

    private static string Message(Diagnostic d) => d.GetMessage(CultureInfo.InvariantCulture);

    [Test]
    public void Unknown_field_in_a_formula_is_OQL0108_at_the_name()
    {
        var d = Single(Run("  total: { type: formula, expression: \"amount * qty\" }\n"), "OQL0108");
        Assert.That(Message(d), Does.Contain("'qty'").And.Contain("formula of 'total'"));
        // Line 6; the quoted value starts at column 39, its text at 40; 'qty' is 9 characters in.
        AssertAt(d, 6, 49, 3);
    }

    [Test]
    public void Unsupported_operator_is_OQL0120_at_the_operator()
    {
        var d = Single(Run("  total: { type: formula, expression: amount % 2 }\n"), "OQL0120");
        Assert.That(Message(d), Does.Contain("'%' is not expected"));
        AssertAt(d, 6, 46, 1);
    }

    [TestCase("TODAY()", "TODAY() is not supported")]
    [TestCase("FOO(amount)", "'FOO' is not a formula function")]
    [TestCase("amount = NULL", "no NULL literal")]
    [TestCase("(amount + 1", "')' is missing")]
    [TestCase("'open", "not closed")]
    [TestCase("1 < amount < 3", "do not chain")]
    public void Unsupported_constructs_are_OQL0120(string expression, string reason)
    {
        var d = Single(Run($"  total: {{ type: formula, expression: \"{expression}\" }}\n"), "OQL0120");
        Assert.That(Message(d), Does.Contain(reason));
        Assert.That(d.Severity, Is.EqualTo(DiagnosticSeverity.Error));
    }

    [Test]
    public void Type_error_is_OQL0121_at_the_operand()
    {
        var d = Single(Run("  total: { type: formula, expression: \"title * 2\" }\n"), "OQL0121");
        Assert.That(Message(d), Does.Contain("'*' needs a number, not text"));
        AssertAt(d, 6, 40, 5);
    }

    [TestCase("IF(amount > 1, 'big', 0)", "IF's two results must have one type")]
    [TestCase("IF(amount, 1, 0)", "IF's condition needs a boolean")]
    [TestCase("title = 1", "compares values of one type")]
    [TestCase("tags & 'x'", "field 'tags' cannot be read by a formula")]
    [TestCase("LEN(amount)", "LEN needs text")]
    [TestCase("ROUND(amount, 2, 3)", "ROUND takes 2 arguments")]
    public void Type_errors_are_OQL0121(string expression, string reason)
    {
        var d = Single(Run($"  total: {{ type: formula, expression: \"{expression}\" }}\n"), "OQL0121");
        Assert.That(Message(d), Does.Contain(reason));
    }

    [Test]
    public void Result_that_does_not_fit_data_type_is_OQL0121_at_data_type()
    {
        var d = Single(Run("  total: { type: formula, expression: \"title & '!'\", data_type: number }\n"), "OQL0121");
        Assert.That(Message(d), Does.Contain("computes text, which data_type 'number' cannot hold"));
        AssertAt(d, 6, 65, 6);
    }

    [Test]
    public void Good_formulas_compile_and_infer_their_data_type()
    {
        var outcome = Run(
            "  total: { type: formula, expression: \"price * amount\", data_type: currency }\n" +
            "  label: { expression: \"UPPER(title) & ': ' & BLANKVALUE(title, '-')\" }\n" +
            "  big: { expression: \"amount >= 10 OR ISBLANK(price)\" }\n");
        Assert.That(outcome.Diagnostics, Is.Empty);
        Assert.That(outcome.CompileDiagnostics(), Is.Empty);
        var entity = outcome.Source("Order.g.cs");
        Assert.Multiple(() =>
        {
            Assert.That(entity, Does.Contain("public decimal? Total => ComputeTotal(Amount, (double?)Price);"));
            Assert.That(entity, Does.Contain("public string? Label => ComputeLabel(Title);"));
            Assert.That(entity, Does.Contain("public bool? Big => ComputeBig(Amount, (double?)Price);"));
            Assert.That(entity, Does.Contain("DataType = global::ObjectQL.Metadata.FieldType.Boolean,"));
            // UPPER has no identical SQL form; the comparison and ISBLANK have.
            Assert.That(entity, Does.Contain("Sql = \"((\\\"amount\\\" >= CAST(10.0 AS DOUBLE PRECISION)) OR (CAST(\\\"price\\\" AS DOUBLE PRECISION) IS NULL))\""));
            Assert.That(entity.Split("Sql = ").Length - 1, Is.EqualTo(2), "total and big have SQL forms, label has none");
        });
    }

    [TestCase("{ type: summary, summary_object: line, summary_type: median, summary_field: amount }", "'median' is not one of")]
    [TestCase("{ type: summary, summary_object: line, summary_type: sum }", "needs a summary_field")]
    [TestCase("{ type: summary, summary_object: line, filters: [[status, \"~\", open]] }", "[field, operator, value]")]
    public void Invalid_summaries_are_OQL0122(string field, string reason)
    {
        var d = Single(Run($"  rollup: {field}\n"), "OQL0122");
        Assert.That(Message(d), Does.Contain(reason));
    }

    [Test]
    public void Summary_filters_become_a_filter_in_the_definition()
    {
        var outcome = Run("  rollup: { summary_object: line, summary_type: count, filters: { status: open, qty: { $gt: 2 } } }\n");
        Assert.That(outcome.Diagnostics, Is.Empty);
        Assert.That(outcome.CompileDiagnostics(), Is.Empty);
        Assert.That(outcome.Source("Order.g.cs"), Does.Contain(
            "Summary = new global::ObjectQL.Metadata.SummaryDefinition { Object = \"line\", Function = global::ObjectQL.Querying.AggregateFunction.Count, " +
            "Filter = global::ObjectQL.Querying.Filter.And.Of(new global::ObjectQL.Querying.Filter.Comparison(\"status\", global::ObjectQL.Querying.FilterOperator.Eq, \"open\"), " +
            "new global::ObjectQL.Querying.Filter.Comparison(\"qty\", global::ObjectQL.Querying.FilterOperator.Gt, 2d)) },"));
    }
}
