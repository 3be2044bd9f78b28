using ObjectQL.Metadata;
using ObjectQL.Postgres;
using ObjectQL.Querying;
using ObjectQL.Sql.Dialects;
using ObjectQL.Sqlite;

namespace ObjectQL.Sql.Tests;

public class SqlCompilerTests
{
    private static readonly SqlTable Sqlite = new(TestModel.Task(), SqliteDialect.Instance);
    private static readonly SqlTable Postgres = new(TestModel.Task(), PostgresDialect.Instance);

    private static SqlStatement Where(SqlTable table, Filter filter) => SqlCompiler.Find(table, new Query { Where = filter }).Statement;

    private static string WhereText(SqlTable table, Filter filter)
    {
        var text = Where(table, filter).Text;
        var start = text.IndexOf(" WHERE ", StringComparison.Ordinal) + 7;
        return text[start..text.IndexOf(" ORDER BY ", StringComparison.Ordinal)];
    }

    private static Filter.Comparison C(string field, FilterOperator op, object? value) => new(field, op, value);

    [TestCase(FilterOperator.Eq, "\"title\" = @p0", "\"title\" = $1")]
    [TestCase(FilterOperator.Ne, "\"title\" IS NOT @p0", "\"title\" IS DISTINCT FROM $1")]
    [TestCase(FilterOperator.Gt, "\"title\" > @p0", "\"title\" > $1")]
    [TestCase(FilterOperator.Gte, "\"title\" >= @p0", "\"title\" >= $1")]
    [TestCase(FilterOperator.Lt, "\"title\" < @p0", "\"title\" < $1")]
    [TestCase(FilterOperator.Lte, "\"title\" <= @p0", "\"title\" <= $1")]
    public void Scalar_operators_compile_to_one_placeholder_per_value(FilterOperator op, string sqlite, string postgres)
    {
        var filter = C("title", op, "x' OR 1=1 --");
        Assert.Multiple(() =>
        {
            Assert.That(WhereText(Sqlite, filter), Is.EqualTo(sqlite));
            Assert.That(WhereText(Postgres, filter), Is.EqualTo(postgres));
            Assert.That(Where(Sqlite, filter).Arguments.Select(a => a.Value), Is.EqualTo(new object[] { "x' OR 1=1 --" }));
            Assert.That(Where(Postgres, filter).Text, Does.Not.Contain("OR 1=1"));
        });
    }

    [Test]
    public void Eq_null_and_ne_null_test_for_null_without_arguments()
    {
        Assert.Multiple(() =>
        {
            Assert.That(WhereText(Sqlite, C("title", FilterOperator.Eq, null)), Is.EqualTo("\"title\" IS NULL"));
            Assert.That(WhereText(Postgres, C("title", FilterOperator.Ne, null)), Is.EqualTo("\"title\" IS NOT NULL"));
            Assert.That(Where(Sqlite, C("title", FilterOperator.Eq, null)).Arguments, Is.Empty);
        });
    }

    [Test]
    public void In_and_nin_treat_a_null_element_as_null_values_and_empty_lists_as_constants()
    {
        Assert.Multiple(() =>
        {
            Assert.That(WhereText(Sqlite, C("title", FilterOperator.In, new object?[] { "a", "b" })), Is.EqualTo("\"title\" IN (@p0, @p1)"));
            Assert.That(WhereText(Sqlite, C("title", FilterOperator.In, new object?[] { "a", null })), Is.EqualTo("(\"title\" IS NULL OR \"title\" IN (@p0))"));
            Assert.That(WhereText(Sqlite, C("title", FilterOperator.In, new object?[] { null })), Is.EqualTo("\"title\" IS NULL"));
            Assert.That(WhereText(Postgres, C("title", FilterOperator.In, Array.Empty<object>())), Is.EqualTo("1=0"));
            Assert.That(WhereText(Postgres, C("title", FilterOperator.Nin, Array.Empty<object>())), Is.EqualTo("1=1"));
            Assert.That(WhereText(Postgres, C("title", FilterOperator.Nin, new object?[] { "a" })), Is.EqualTo("(\"title\" IS NULL OR \"title\" <> ALL($1::text[]))"));
            Assert.That(WhereText(Postgres, C("title", FilterOperator.Nin, new object?[] { "a", null })), Is.EqualTo("\"title\" <> ALL($1::text[])"));
            Assert.That(WhereText(Postgres, !C("title", FilterOperator.Nin, new object?[] { "a", null })), Is.EqualTo("(\"title\" IS NULL OR NOT (\"title\" <> ALL($1::text[])))"));
        });
    }

    [Test]
    public void A_text_list_on_PostgreSQL_is_one_array_argument_whatever_its_length()
    {
        var three = Where(Postgres, C("title", FilterOperator.In, new object?[] { "a", "b", "c" }));
        var five = Where(Postgres, C("title", FilterOperator.In, new object?[] { "a", "b", "c", "d", "e" }));
        var numbers = Where(Postgres, C("priority", FilterOperator.In, new object?[] { 1, 2 }));
        Assert.Multiple(() =>
        {
            Assert.That(three.Text, Does.Contain("\"title\" = ANY($1::text[])"));
            Assert.That(five.Text, Is.EqualTo(three.Text), "one statement text for any number of values");
            Assert.That(three.Arguments, Has.Count.EqualTo(1));
            Assert.That(three.Arguments[0].IsArray, Is.True);
            Assert.That(three.Arguments[0].Value, Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That(numbers.Text, Does.Contain("\"priority\" IN ($1, $2)"), "other kinds keep a placeholder per value");
        });
    }

    [Test]
    public void Between_takes_two_bounds_as_arguments()
    {
        var statement = Where(Sqlite, C("priority", FilterOperator.Between, new object[] { 1, 5.5 }));
        Assert.Multiple(() =>
        {
            Assert.That(statement.Text, Does.Contain("\"priority\" BETWEEN @p0 AND @p1"));
            Assert.That(statement.Arguments.Select(a => a.Value), Is.EqualTo(new object[] { 1.0, 5.5 }));
        });
    }

    [Test]
    public void Between_with_one_bound_is_invalid_request()
    {
        var error = Assert.Throws<ObjectQLException>(() => Where(Sqlite, C("priority", FilterOperator.Between, new object[] { 1.0 })));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
        Assert.That(error.Field, Is.EqualTo("priority"));
    }

    [TestCase(FilterOperator.Contains, "%50\\%\\_a\\\\b%")]
    [TestCase(FilterOperator.StartsWith, "50\\%\\_a\\\\b%")]
    [TestCase(FilterOperator.EndsWith, "%50\\%\\_a\\\\b")]
    public void Postgres_text_matching_escapes_like_wildcards(FilterOperator op, string pattern)
    {
        var statement = Where(Postgres, C("title", op, "50%_a\\b"));
        Assert.Multiple(() =>
        {
            Assert.That(statement.Text, Does.Contain("\"title\" LIKE $1 ESCAPE '\\'"));
            Assert.That(statement.Arguments[0].Value, Is.EqualTo(pattern));
        });
    }

    [TestCase(FilterOperator.Contains, "instr(CAST(\"title\" AS BLOB), CAST(@p0 AS BLOB)) > 0")]
    [TestCase(FilterOperator.StartsWith, "substr(CAST(\"title\" AS BLOB), 1, length(CAST(@p0 AS BLOB))) = CAST(@p0 AS BLOB)")]
    [TestCase(FilterOperator.EndsWith, "substr(CAST(\"title\" AS BLOB), -length(CAST(@p0 AS BLOB))) = CAST(@p0 AS BLOB)")]
    public void Sqlite_text_matching_is_byte_exact_and_uses_no_like(FilterOperator op, string sql)
    {
        var statement = Where(Sqlite, C("title", op, "A%_"));
        Assert.Multiple(() =>
        {
            Assert.That(WhereText(Sqlite, C("title", op, "A%_")), Is.EqualTo(sql));
            Assert.That(statement.Arguments[0].Value, Is.EqualTo("A%_"));
        });
    }

    [Test]
    public void Text_matching_with_the_empty_string_matches_every_non_null_value()
    {
        Assert.That(WhereText(Sqlite, C("title", FilterOperator.Contains, "")), Is.EqualTo("\"title\" IS NOT NULL"));
    }

    [Test]
    public void Not_over_a_comparison_also_matches_null_values()
    {
        Assert.Multiple(() =>
        {
            Assert.That(WhereText(Sqlite, !C("priority", FilterOperator.Gt, 3.0)), Is.EqualTo("(\"priority\" IS NULL OR NOT (\"priority\" > @p0))"));
            Assert.That(WhereText(Sqlite, !C("title", FilterOperator.Ne, "a")), Is.EqualTo("NOT (\"title\" IS NOT @p0)"));
        });
    }

    [Test]
    public void Not_over_and_applies_de_morgan()
    {
        var filter = !(C("title", FilterOperator.Eq, "a") & C("priority", FilterOperator.Eq, 1.0));
        Assert.That(WhereText(Postgres, filter), Is.EqualTo("((\"title\" IS NULL OR NOT (\"title\" = $1)) OR (\"priority\" IS NULL OR NOT (\"priority\" = $2)))"));
    }

    [Test]
    public void Empty_and_matches_everything_and_empty_or_nothing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(WhereText(Sqlite, new Filter.And([])), Is.EqualTo("1=1"));
            Assert.That(WhereText(Sqlite, new Filter.Or([])), Is.EqualTo("1=0"));
            Assert.That(WhereText(Sqlite, new Filter.Not(new Filter.Or([]))), Is.EqualTo("1=1"));
        });
    }

    [Test]
    public void Sqlite_compares_currency_numerically_with_a_real_operand()
    {
        var statement = Where(Sqlite, C("budget", FilterOperator.Gte, 10.25m));
        Assert.Multiple(() =>
        {
            Assert.That(statement.Text, Does.Contain("CAST(\"budget\" AS REAL) >= @p0"));
            Assert.That(statement.Arguments[0], Is.EqualTo(new SqlArgument(10.25, SqlValueKind.Real)));
            Assert.That(Where(Postgres, C("budget", FilterOperator.Gte, 10.25m)).Arguments[0], Is.EqualTo(new SqlArgument(10.25m, SqlValueKind.Decimal)));
        });
    }

    [Test]
    public void Order_appends_id_ascending_as_the_tie_break_without_a_nulls_clause_for_the_never_null_id()
    {
        var query = new Query { OrderBy = [new SortSpec("priority", SortDirection.Descending)], Limit = 10, Offset = 20 };
        Assert.Multiple(() =>
        {
            Assert.That(SqlCompiler.Find(Postgres, query).Statement.Text, Does.EndWith("ORDER BY \"priority\" DESC NULLS LAST, \"id\" ASC LIMIT 10 OFFSET 20"));
            Assert.That(SqlCompiler.Find(Sqlite, query).Statement.Text, Does.EndWith("ORDER BY \"priority\" DESC, \"id\" ASC LIMIT 10 OFFSET 20"));
            Assert.That(SqlCompiler.Find(Sqlite, new Query { Offset = 5 }).Statement.Text, Does.EndWith("LIMIT -1 OFFSET 5"));
        });
    }

    [Test]
    public void Projection_always_includes_id()
    {
        var compiled = SqlCompiler.Find(Sqlite, new Query { Fields = ["title"] });
        Assert.That(compiled.Columns.Select(c => c.Name), Is.EqualTo(new[] { "id", "title" }));
    }

    [TestCase("title\" = '' OR 1=1 --")]
    [TestCase("nope")]
    [TestCase("")]
    public void Unknown_field_in_a_filter_is_invalid_request_naming_it(string field)
    {
        var error = Assert.Throws<ObjectQLException>(() => Where(Sqlite, C(field, FilterOperator.Eq, "x")));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
            Assert.That(error.Field, Is.EqualTo(field));
        });
    }

    [Test]
    public void Unknown_fields_in_sort_projection_group_and_aggregation_are_invalid_request()
    {
        var bad = "x\"; DROP TABLE task_item; --";
        Assert.Multiple(() =>
        {
            Assert.That(() => SqlCompiler.Find(Postgres, new Query { OrderBy = [new SortSpec(bad)] }), Throws.TypeOf<ObjectQLException>().With.Property("Field").EqualTo(bad));
            Assert.That(() => SqlCompiler.Find(Postgres, new Query { Fields = [bad] }), Throws.TypeOf<ObjectQLException>().With.Property("Field").EqualTo(bad));
            Assert.That(() => SqlCompiler.Aggregate(Postgres, new Query { GroupBy = [bad] }), Throws.TypeOf<ObjectQLException>().With.Property("Field").EqualTo(bad));
            Assert.That(() => SqlCompiler.Aggregate(Postgres, new Query { Aggregations = [new Aggregation(AggregateFunction.Sum, bad, "s")] }), Throws.TypeOf<ObjectQLException>().With.Property("Field").EqualTo(bad));
            Assert.That(() => SqlCompiler.Distinct(Postgres, bad, null), Throws.TypeOf<ObjectQLException>().With.Property("Field").EqualTo(bad));
        });
    }

    [Test]
    public void Declared_names_with_quotes_are_quoted_not_refused()
    {
        var definition = new ObjectDefinition { Name = "we\"ird", Label = "W", Fields = [TestModel.Field("a\"b", FieldType.Text)] };
        var table = new SqlTable(definition, SqliteDialect.Instance);
        var text = SqlCompiler.Find(table, new Query { Where = C("a\"b", FilterOperator.Eq, "v") }).Statement.Text;
        Assert.That(text, Does.Contain("FROM \"we\"\"ird\" WHERE \"a\"\"b\" = @p0"));
    }

    [Test]
    public void Computed_fields_cannot_be_filtered()
    {
        var error = Assert.Throws<ObjectQLException>(() => Where(Sqlite, C("score", FilterOperator.Gt, 1.0)));
        Assert.That(error!.Details[0].Reason, Is.EqualTo("computed_field"));
    }

    [Test]
    public void A_value_of_the_wrong_type_is_invalid_request()
    {
        var error = Assert.Throws<ObjectQLException>(() => Where(Sqlite, C("priority", FilterOperator.Eq, "high")));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
            Assert.That(error.Field, Is.EqualTo("priority"));
        });
    }

    [Test]
    public void Text_matching_on_a_number_is_invalid_request()
    {
        Assert.That(() => Where(Postgres, C("priority", FilterOperator.Contains, "1")), Throws.TypeOf<ObjectQLException>().With.Property("Code").EqualTo(ErrorCodes.InvalidRequest));
    }

    [Test]
    public void List_fields_filter_by_null_and_by_element_only()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Where(Sqlite, C("tags", FilterOperator.Eq, "a")), Throws.TypeOf<ObjectQLException>().With.Property("Field").EqualTo("tags"));
            Assert.That(() => Where(Sqlite, C("meta", FilterOperator.Contains, "a")), Throws.TypeOf<ObjectQLException>().With.Property("Field").EqualTo("meta"));
            Assert.That(WhereText(Sqlite, C("tags", FilterOperator.Null, true)), Is.EqualTo("\"tags\" IS NULL"));
            Assert.That(WhereText(Sqlite, C("tags", FilterOperator.Exists, true)), Is.EqualTo("\"tags\" IS NOT NULL"));
            Assert.That(WhereText(Sqlite, C("tags", FilterOperator.Contains, "x")), Is.EqualTo("EXISTS (SELECT 1 FROM json_each(\"tags\") WHERE json_each.value = @p0)"));
            Assert.That(WhereText(Postgres, C("tags", FilterOperator.Contains, "x")), Is.EqualTo("\"tags\" @> $1"));
            Assert.That(Where(Postgres, C("tags", FilterOperator.Contains, "x")).Arguments[0], Is.EqualTo(new SqlArgument("[\"x\"]", SqlValueKind.Json)));
        });
    }

    [Test]
    public void Negative_paging_is_invalid_request()
    {
        Assert.That(() => SqlCompiler.Find(Sqlite, new Query { Limit = -1 }), Throws.TypeOf<ObjectQLException>().With.Property("Field").EqualTo("limit"));
    }

    [Test]
    public void Aggregate_groups_orders_by_keys_and_quotes_aliases()
    {
        var compiled = SqlCompiler.Aggregate(Postgres, new Query
        {
            GroupBy = ["status"],
            Aggregations = [new Aggregation(AggregateFunction.Count, null, "n"), new Aggregation(AggregateFunction.Sum, "budget", "total\"x")],
        });
        Assert.That(compiled.Statement.Text, Is.EqualTo(
            "SELECT \"status\", COUNT(*) AS \"n\", SUM(\"budget\") AS \"total\"\"x\" FROM \"task_item\" GROUP BY \"status\" ORDER BY \"status\" ASC NULLS FIRST"));
    }

    [Test]
    public void Update_sets_given_columns_and_compares_the_version_when_asked()
    {
        var columns = new[] { Sqlite.GetColumn("title"), Sqlite.GetColumn("_version") };
        Assert.That(SqlCompiler.Update(Sqlite, columns, compareVersion: true),
            Is.EqualTo("UPDATE \"task_item\" SET \"title\" = @p0, \"_version\" = @p1 WHERE \"id\" = @p2 AND \"_version\" = @p3"));
    }

    [Test]
    public void Schema_types_follow_the_documented_mapping()
    {
        string Types(SqlTable table) => string.Join(",", table.Columns.Select(c => c.Name + ":" + table.Dialect.ColumnType(c)));
        Assert.Multiple(() =>
        {
            Assert.That(Types(Sqlite), Is.EqualTo(
                "id:TEXT,title:TEXT,notes:TEXT,status:TEXT,rating:REAL,priority:REAL,done:INTEGER,due_date:TEXT,remind_at:TEXT,start_time:TEXT," +
                "budget:TEXT,code:TEXT,owner:TEXT,tags:TEXT,meta:TEXT,embedding:TEXT,created_at:TEXT,updated_at:TEXT,created_by:TEXT,updated_by:TEXT,_version:INTEGER"));
            Assert.That(Types(Postgres), Is.EqualTo(
                "id:text COLLATE \"C\",title:text COLLATE \"C\",notes:text COLLATE \"C\",status:text COLLATE \"C\",rating:double precision,priority:double precision," +
                "done:boolean,due_date:date,remind_at:timestamptz,start_time:time,budget:numeric(18, 4),code:text COLLATE \"C\",owner:text COLLATE \"C\"," +
                "tags:jsonb,meta:jsonb,embedding:real[],created_at:timestamptz,updated_at:timestamptz,created_by:text COLLATE \"C\",updated_by:text COLLATE \"C\",_version:bigint"));
        });
    }
}
