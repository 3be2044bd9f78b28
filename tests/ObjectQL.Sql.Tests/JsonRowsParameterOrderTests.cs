using System.Text.RegularExpressions;
using ObjectQL.Drivers;
using ObjectQL.Sql.Dialects;

namespace ObjectQL.Sql.Tests;

/// <summary>
/// The set-based statements from JSON name their parameters first in index order: SQLite numbers named parameters by
/// first appearance, and the browser store binds by number, so any other order binds values to the wrong parameters.
/// </summary>
public sealed partial class JsonRowsParameterOrderTests
{
    private static readonly JsonRows Rows = new()
    {
        Json = "[]",
        IdPath = "$.id",
        ValuesPath = "$.data",
        Constants = new Dictionary<string, object?> { ["created_by"] = "user-1", ["version"] = 1L },
        WhenMissing = new Dictionary<string, object?> { ["title"] = "untitled", ["done"] = false },
    };

    [Test]
    public void The_insert_names_its_parameters_in_index_order()
    {
        var statement = JsonRowsSql.Insert(Table(), Rows);
        Assert.That(FirstAppearances(statement.Text), Is.EqualTo(Enumerable.Range(0, statement.Arguments.Count)));
        Assert.That(statement.Arguments, Has.Count.GreaterThan(2), "the case needs constants and defaults besides the JSON");
    }

    [Test]
    public void The_upsert_names_its_parameters_in_index_order()
    {
        var statement = JsonRowsSql.Upsert(Table(), Rows, newerBy: null);
        Assert.That(FirstAppearances(statement.Text), Is.EqualTo(Enumerable.Range(0, statement.Arguments.Count)));
        Assert.That(statement.Arguments, Has.Count.GreaterThan(2), "the case needs constants and defaults besides the JSON");
    }

    private static SqlTable Table() => new(TestModel.Task(edit: fields => [.. fields.Where(static f => f.Name is "title" or "notes" or "done")]), SqliteDialect.Instance);

    // The parameters' indexes in the order SQLite numbers them: each name at its first appearance.
    private static List<int> FirstAppearances(string text) =>
        [.. Parameter().Matches(text).Select(static m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct()];

    [GeneratedRegex(@"@p(\d+)")]
    private static partial Regex Parameter();
}
