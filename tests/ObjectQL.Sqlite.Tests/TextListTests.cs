using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sql;

namespace ObjectQL.Sqlite.Tests;

/// <summary>
/// The native driver binds a filter's list of texts as one JSON array that the statement reads with <c>json_each</c>:
/// the same rows match as with a parameter per value, whatever the texts hold.
/// </summary>
public sealed class TextListTests
{
    private static readonly ObjectDefinition Tag = new()
    {
        Name = "list_tag",
        Label = "List Tag",
        Fields = [new FieldDefinition { Name = "label", Label = "Label", Type = FieldType.Text }],
    };

    // Quotes, backslashes, a control character, a JSON escape sequence written out, non-ASCII and a pair of surrogates.
    private static readonly string[] Labels = ["plain", "say \"hi\"", "back\\slash", "tab\there", "\\u0041", "héllo", "日本", "emoji 😀", "[\"a\"]", ""];

    [Test]
    public async Task In_and_nin_of_texts_match_each_text_exactly()
    {
        var file = Path.Combine(Path.GetTempPath(), $"objectql-lists-{Guid.NewGuid():N}.db");
        await using (var db = await ObjectQLDatabase.OpenAsync(new SqlDriver(new SqliteExecutor($"Data Source={file};Pooling=False")), new ObjectModel([Tag])))
        {
            var tags = db.Object(Tag.Name);
            var created = await tags.CreateManyAsync([.. Labels.Select(l => new Record { ["label"] = l.Length == 0 ? null : l }), new Record { ["label"] = "A" }]);

            foreach (var label in Labels.Where(l => l.Length > 0))
            {
                var found = await tags.FindAsync(new Query { Where = new Filter.Comparison("label", FilterOperator.In, new[] { label, "absent" }) });
                Assert.That(found.Select(r => r["label"]), Is.EqualTo(new[] { label }), label);
            }
            var ids = created.Select(r => r.Id!).ToArray();
            Assert.That(await tags.CountAsync(new Filter.Comparison("id", FilterOperator.In, ids)), Is.EqualTo(ids.Length));
            var others = await tags.FindAsync(new Query { Where = new Filter.Comparison("label", FilterOperator.Nin, new[] { "plain", "日本", "\\u0041" }) });
            // $nin keeps the record without a label (ObjectQL's $nin, not SQL's NOT IN).
            Assert.That(others.Select(r => (string?)r["label"] ?? "(none)").Order(StringComparer.Ordinal),
                Is.EqualTo(Labels.Where(l => l is not ("plain" or "日本" or "\\u0041")).Select(l => l.Length == 0 ? "(none)" : l).Append("A").Order(StringComparer.Ordinal)));
            var withNull = await tags.CountAsync(new Filter.Comparison("label", FilterOperator.In, new object?[] { null, "plain" }));
            Assert.That(withNull, Is.EqualTo(2));
        }
        File.Delete(file);
    }

    [Test]
    public async Task A_text_list_argument_is_bound_as_one_json_array()
    {
        var file = Path.Combine(Path.GetTempPath(), $"objectql-lists-{Guid.NewGuid():N}.db");
        await using (var executor = new SqliteExecutor($"Data Source={file};Pooling=False"))
        {
            var texts = new[] { "a\"b", "c\\d", "e\u0001f", "😀" };
            var statement = new SqlStatement(
                "SELECT value FROM json_each(@p0) ORDER BY key", [new SqlArgument(texts, SqlValueKind.Text) { IsArray = true }]);
            var read = await executor.QueryAsync(statement, 0, async (rows, _, ct) =>
            {
                var values = new List<string>();
                while (await rows.ReadAsync(ct))
                {
                    values.Add(rows.GetString(0));
                }
                return values;
            }, null, CancellationToken.None);
            Assert.That(read, Is.EqualTo(texts));
        }
        File.Delete(file);
    }
}
