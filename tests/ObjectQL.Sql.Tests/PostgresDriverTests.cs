using Npgsql;
using ObjectQL.Metadata;
using ObjectQL.Postgres;
using ObjectQL.Querying;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sql.Tests;

[TestFixture]
public sealed class PostgresDriverTests : SqlDriverTests
{
    protected override string CreateStore() => PostgresCluster.CreateSchema("sqltests");

    protected override void DropStore(string store) => PostgresCluster.DropSchema(store);

    protected override SqlDriver Open(string store) => new PostgresDriver(store);

    protected override async Task ExecuteRawAsync(string store, string sql)
    {
        await using var connection = new NpgsqlConnection(store);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override SqlStatement IndexNames(string table) =>
        new("SELECT indexname::text FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1", [new SqlArgument(table, SqlValueKind.Text)]);

    [Test]
    public async Task The_data_source_writes_through_a_64_KiB_buffer_unless_the_string_sets_one()
    {
        await using var preferred = PostgresDriver.CreateDataSource(Store);
        await using var chosen = PostgresDriver.CreateDataSource(Store + ";Write Buffer Size=16384");

        Assert.That(new NpgsqlConnectionStringBuilder(preferred.ConnectionString).WriteBufferSize, Is.EqualTo(64 * 1024));
        Assert.That(new NpgsqlConnectionStringBuilder(chosen.ConnectionString).WriteBufferSize, Is.EqualTo(16384));
        // A statement larger than Npgsql's own 8 KiB buffer still goes through whole.
        await using var connection = await preferred.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT length($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = new string('x', 200_000) });
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(200_000));
    }

    [Test]
    public async Task A_bulk_insert_binds_one_array_per_column_per_chunk_and_stores_every_value_and_null_as_sent()
    {
        var executor = new CountingExecutor(new PostgresExecutor(PostgresDriver.CreateDataSource(Store), ownsDataSource: true));
        await using var driver = new SqlDriver(executor);
        await driver.InitializeAsync(new ObjectModel([Definition]));
        // 21 columns; chunks of 2048 rows, so 4500 rows are two full chunks and a shorter last one, each one statement
        // of 21 array arguments with the same text.
        var rows = Enumerable.Range(0, 4500).Select(EveryKind).ToArray();
        executor.BulkCalls.Clear();

        await driver.InsertAsync(Definition, rows);

        Assert.That(executor.BulkCalls.Select(call => (call.ArgumentsPerRow, call.Arguments)), Is.EqualTo(new[] { (21, 21), (21, 21), (21, 21) }));
        Assert.That(executor.BulkCalls.Select(call => call.Sql).Distinct().Single(), Does.StartWith("INSERT INTO").And.Contain("FROM unnest($1::text[], ").And.EndWith("$21::bigint[]) AS u(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20)"));
        var stored = await driver.FindAsync(Definition, new Query { OrderBy = [new SortSpec("id")], Limit = 5000 });
        Assert.That(stored, Has.Count.EqualTo(rows.Length));
        for (var i = 0; i < rows.Length; i++)
        {
            foreach (var (name, value) in rows[i])
            {
                var read = stored[i][name];
                Assert.That(Canonical(read), Is.EqualTo(Canonical(value)), $"row {i}, {name}");
            }
        }
    }

    [Test]
    public async Task An_array_insert_has_one_text_whatever_its_row_count_and_a_single_row_uses_the_one_row_insert()
    {
        var executor = new CountingExecutor(new PostgresExecutor(PostgresDriver.CreateDataSource(Store), ownsDataSource: true), argumentsPerCall: 1 << 20);
        await using var driver = new SqlDriver(executor);
        await driver.InitializeAsync(new ObjectModel([Definition]));
        executor.BulkCalls.Clear();

        await driver.InsertAsync(Definition, Enumerable.Range(0, 2).Select(EveryKind).ToArray());
        await driver.InsertAsync(Definition, Enumerable.Range(2, 300).Select(EveryKind).ToArray());
        await driver.InsertAsync(Definition, [EveryKind(302)]);

        Assert.That(executor.BulkCalls.Select(call => (call.ArgumentsPerRow, call.Arguments)), Is.EqualTo(new[] { (21, 21), (21, 21), (21, 21) }));
        Assert.That(executor.BulkCalls[1].Sql, Is.EqualTo(executor.BulkCalls[0].Sql).And.Contain("unnest("));
        Assert.That(executor.BulkCalls[2].Sql, Does.Contain("VALUES ($1, "));
        Assert.That(await driver.CountAsync(Definition, null), Is.EqualTo(303));
    }

    [Test]
    public async Task A_bulk_delete_is_one_statement_binding_the_ids_as_one_array_and_reports_each_id_at_its_first_place()
    {
        var executor = new CountingExecutor(new PostgresExecutor(PostgresDriver.CreateDataSource(Store), ownsDataSource: true));
        await using var driver = new SqlDriver(executor);
        await driver.InitializeAsync(new ObjectModel([Definition]));
        await driver.InsertAsync(Definition, Enumerable.Range(0, 5).Select(i => TestModel.Row($"r{i}")).ToArray());
        var (queries, executions) = (executor.Queries, executor.Executions);

        var results = await driver.DeleteAsync(Definition, ["r1", "zzz", "r3", "r1", "r4"]);

        Assert.That(results, Is.EqualTo(new[] { true, false, true, false, true }));
        Assert.That((executor.Queries - queries, executor.Executions - executions), Is.EqualTo((1, 0)));
        var left = await driver.FindAsync(Definition, new Query { OrderBy = [new SortSpec("id")] });
        Assert.That(left.Select(row => row.Id), Is.EqualTo(new[] { "r0", "r2" }));
    }

    [Test]
    public async Task A_bulk_insert_with_a_duplicate_id_in_its_last_chunk_stores_no_row_of_any_chunk()
    {
        var rows = Enumerable.Range(0, 4500).Select(i => TestModel.Row($"r{i:D4}", $"t{i}", i)).ToArray();
        rows[4400] = TestModel.Row("r0007", "again");

        var error = Assert.ThrowsAsync<ObjectQLException>(() => Driver.InsertAsync(Definition, rows));

        Assert.That((error!.Code, error.Field), Is.EqualTo((ErrorCodes.Conflict, "id")));
        Assert.That(await Driver.CountAsync(Definition, null), Is.Zero);
    }

    [Test]
    public async Task A_bulk_insert_repeating_a_stored_unique_value_is_conflict_naming_the_field_and_stores_nothing()
    {
        var stored = TestModel.Row("a");
        stored["code"] = "X";
        await InsertAsync(stored);
        var rows = Enumerable.Range(0, 10).Select(i => TestModel.Row($"b{i}")).ToArray();
        rows[6]["code"] = "X";

        var error = Assert.ThrowsAsync<ObjectQLException>(() => Driver.InsertAsync(Definition, rows));

        Assert.That((error!.Code, error.Field), Is.EqualTo((ErrorCodes.Conflict, "code")));
        Assert.That(await Driver.CountAsync(Definition, null), Is.EqualTo(1));
    }

    [Test]
    public async Task A_bulk_insert_with_a_currency_too_large_for_its_column_fails_as_the_one_row_insert_does_and_stores_nothing()
    {
        var rows = Enumerable.Range(0, 10).Select(i => TestModel.Row($"b{i}")).ToArray();
        // numeric(18, 4) holds 14 digits before the point.
        rows[3]["budget"] = 123_456_789_012_345m;

        var single = Assert.ThrowsAsync<ObjectQLException>(() => InsertAsync(rows[3]));
        var bulk = Assert.ThrowsAsync<ObjectQLException>(() => Driver.InsertAsync(Definition, rows));

        // PostgreSQL names no column for a numeric overflow, whichever the statement.
        Assert.That((bulk!.Code, bulk.Details[0].Reason), Is.EqualTo((ErrorCodes.ValidationError, "out_of_range")));
        Assert.That((single!.Code, single.Details[0].Field, single.Details[0].Reason), Is.EqualTo((bulk.Code, bulk.Details[0].Field, bulk.Details[0].Reason)));
        Assert.That(await Driver.CountAsync(Definition, null), Is.Zero);
    }

    // Every stored kind; every other row leaves the optional fields null, so chunks mix typed values and nulls.
    private static Record EveryKind(int i)
    {
        var row = TestModel.Row($"r{i:D4}", i % 3 == 0 ? null : $"title {i}", i % 2 == 0 ? null : i + 0.5, i % 2 == 0 ? "open" : null);
        if (i % 2 == 1)
        {
            row["notes"] = $"notes {i}";
            row["rating"] = 2.0;
            row["done"] = i % 4 == 1;
            row["due_date"] = new DateOnly(2026, 2, 1).AddDays(i % 28);
            row["remind_at"] = new DateTimeOffset(2026, 3, 1, 9, 30, 15, 123, TimeSpan.Zero).AddMinutes(i);
            row["start_time"] = new TimeOnly(8, 15, 30, 250).AddMinutes(i);
            row["budget"] = 1234.5600m + i;
            row["code"] = $"C-{i}";
            row["owner"] = $"user-{i % 5}";
            row["tags"] = new[] { "a", $"b{i}" };
            row["meta"] = TestModel.Json($"{{\"k\":[{i},{{\"x\":null}}]}}");
            row["embedding"] = new[] { 0.5f, -1.25f, i, i / 3f, float.Epsilon, float.MaxValue };
        }
        return row;
    }

    private static string Canonical(object? value) => value switch
    {
        null => "null",
        DateTimeOffset instant => instant.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        System.Text.Json.JsonElement json => json.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal),
        System.Collections.IEnumerable items and not string => "[" + string.Join(",", items.Cast<object>().Select(Canonical)) + "]",
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    [Test]
    public async Task Text_with_a_nul_character_is_invalid_request()
    {
        var error = Assert.ThrowsAsync<ObjectQLException>(() => InsertAsync(TestModel.Row("n", "a\0b")));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
        Assert.That(await Driver.CountAsync(Definition, null), Is.Zero);
    }

    [TestCase("meta")]
    [TestCase("tags")]
    public async Task A_nul_character_inside_json_or_a_list_is_invalid_request_naming_it(string field)
    {
        var row = TestModel.Row("n", "ok");
        row[field] = field == "tags" ? new[] { "a\0b" } : System.Text.Json.JsonDocument.Parse("{\"k\":\"a\\u0000b\"}").RootElement.Clone();
        var error = Assert.ThrowsAsync<ObjectQLException>(() => InsertAsync(row));
        Assert.That((error!.Code, error.Details[0].Reason), Is.EqualTo((ErrorCodes.InvalidRequest, "nul_character")));
        Assert.That(await Driver.CountAsync(Definition, null), Is.Zero);
    }

    [Test]
    public async Task Two_processes_adding_the_same_foreign_keys_at_once_both_succeed()
    {
        await using (var before = Open(Store))
        {
            before.ForeignKeys = false;
            await before.InitializeAsync(ReferenceModel());
        }
        var drivers = Enumerable.Range(0, 2).Select(_ => Open(Store)).ToArray();
        try
        {
            await Task.WhenAll(drivers.Select(driver => driver.InitializeAsync(ReferenceModel())));
        }
        finally
        {
            foreach (var driver in drivers)
            {
                await driver.DisposeAsync();
            }
        }
        var keys = await Driver.Executor.QueryAsync(
            new SqlStatement("SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"),
            0, static async (reader, _, ct) => await reader.ReadAsync(ct) ? reader.GetInt64(0) : -1, null, CancellationToken.None);
        Assert.That(keys, Is.EqualTo(3), "company.parent, company.ceo and person.company; none for the multiple lookup or the outside target");
    }

    [Test]
    public async Task A_keyset_page_by_id_walks_the_primary_key_instead_of_sorting_the_rest_of_the_table()
    {
        await InsertAsync(Enumerable.Range(0, 200).Select(i => TestModel.Row($"r{i:D3}")).ToArray());
        var plan = await PlanAsync(new Querying.Query
        {
            Where = new Querying.Filter.Comparison("id", Querying.FilterOperator.Gt, "r100"),
            OrderBy = [new Querying.SortSpec("id")],
            Limit = 10,
        });
        Assert.That(plan, Does.Contain("Index").And.Not.Contain("Sort"));
    }

    [TestCase(Querying.SortDirection.Ascending)]
    [TestCase(Querying.SortDirection.Descending)]
    public async Task A_sort_on_an_indexed_field_walks_its_index_in_either_direction(Querying.SortDirection direction)
    {
        // Sorts put nulls first ascending and last descending; an index built in the default order (nulls last) could
        // serve neither with a nulls clause, so every sorted page would sort the whole table.
        await InsertAsync(Enumerable.Range(0, 200).Select(i => TestModel.Row($"r{i:D3}")).ToArray());
        var plan = await PlanAsync(new Querying.Query { OrderBy = [new Querying.SortSpec("code", direction)], Limit = 10 });
        // The id tie-break may still be an incremental sort within equal values; a full sort of the table may not.
        Assert.That(plan, Does.Contain("Index").And.Not.Match(@"(?m)(^|->  )Sort  \("));
    }

    // The plan PostgreSQL picks with sorting discouraged: it still sorts only when no index gives the order asked for.
    private async Task<string> PlanAsync(Querying.Query query)
    {
        var page = SqlCompiler.Find(new SqlTable(Definition, Dialects.PostgresDialect.Instance), query).Statement;
        await using var connection = new NpgsqlConnection(Store);
        await connection.OpenAsync();
        await using (var noSort = new NpgsqlCommand("SET enable_sort = off", connection))
        {
            await noSort.ExecuteNonQueryAsync();
        }
        await using var explain = new NpgsqlCommand("EXPLAIN " + page.Text, connection);
        foreach (var argument in page.Arguments)
        {
            explain.Parameters.Add(new NpgsqlParameter { Value = argument.Value });
        }
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }
        return page.Text + "\n" + string.Join("\n", plan);
    }

    [Test]
    public async Task Repeatable_read_transactions_see_a_snapshot()
    {
        await InsertAsync(TestModel.Row("a", "v1"));
        await using var transaction = await Driver.BeginTransactionAsync(TransactionIsolation.RepeatableRead);
        Assert.That((await Driver.FindOneAsync(Definition, "a", transaction))!["title"], Is.EqualTo("v1"));
        await Driver.UpdateAsync(Definition, [new Drivers.RecordChange("a", new Record { ["title"] = "v2" })]);
        Assert.That((await Driver.FindOneAsync(Definition, "a", transaction))!["title"], Is.EqualTo("v1"));
    }
}

/// <summary>Stops the PostgreSQL cluster the tests started, once every fixture has run.</summary>
[SetUpFixture]
public sealed class PostgresClusterLifetime
{
    [OneTimeTearDown]
    public void StopCluster() => PostgresCluster.Stop();
}
