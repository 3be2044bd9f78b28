using ObjectQL.Drivers;
using ObjectQL.Cloudflare.Tests.Miniflare;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sql;
using ObjectQL.Testing;

namespace ObjectQL.Cloudflare.Tests;

/// <summary>What is particular to D1, through both transports against real workerd: atomic batches, error mapping, limits, retries.</summary>
[TestFixture("bridge")]
[TestFixture("http-api")]
public sealed class D1BehaviourTests(string transport)
{
    private D1Driver _driver = null!;
    private ObjectQLDatabase _db = null!;

    private CloudflareOptions Options => transport == "bridge" ? MiniflareSetup.Server.BridgeOptions : MiniflareSetup.Server.HttpApiOptions;

    private IObjectRepository Users => _db.Object(TestModels.User.Name);

    private IObjectRepository Notes => _db.Object(TestModels.Note.Name);

    [SetUp]
    public async Task OpenAsync()
    {
        await D1Database.ClearAsync();
        _driver = new D1Driver(Options, MiniflareSetup.Http);
        _db = await ObjectQLDatabase.OpenAsync(_driver, TestModels.Conformance);
    }

    [TearDown]
    public async Task CloseAsync()
    {
        await _db.DisposeAsync();
        await _driver.DisposeAsync();
        await D1Database.ClearAsync();
    }

    [Test]
    public async Task A_batch_failing_half_way_writes_nothing()
    {
        await Users.CreateAsync(R(("id", "a"), ("name", "A"), ("email", "taken@example.com")));
        var failure = Assert.ThrowsAsync<ObjectQLException>(() => _db.TransactionAsync(async (session, ct) =>
        {
            var notes = session.Object(TestModels.Note.Name);
            await notes.CreateAsync(R(("id", "n1"), ("title", "first")), ct);
            await notes.CreateAsync(R(("id", "n2"), ("title", "second")), ct);
            // The third write clashes only in the store's index: the pipeline's own check reads committed data.
            await session.Object(TestModels.User.Name).UpdateAsync("a", R(("name", "A2")), ct);
            await session.Object(TestModels.User.Name).CreateAsync(R(("id", "b"), ("name", "B"), ("email", "dup@example.com")), ct);
            await session.Object(TestModels.User.Name).CreateAsync(R(("id", "c"), ("name", "C"), ("email", "dup@example.com")), ct);
        }));
        Assert.That(failure!.Code, Is.EqualTo(ErrorCodes.Conflict));
        Assert.That(await Notes.CountAsync(), Is.Zero, "the writes before the failing statement are rolled back");
        Assert.That((await Users.FindOneAsync("a"))!["name"], Is.EqualTo("A"));
        Assert.That(await Users.CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task D1_refuses_an_orphan_reference_written_around_the_pipeline()
    {
        await Users.CreateAsync(R(("id", "u1"), ("name", "U"), ("email", "u1@example.com")));
        var insert = "INSERT INTO \"tck_all_types\" (\"id\", \"f_lookup\", \"_version\") VALUES ('{0}', '{1}', 1)";
        await _driver.Executor.ExecuteAsync(new SqlStatement(string.Format(System.Globalization.CultureInfo.InvariantCulture, insert, "kept", "u1")), null, CancellationToken.None);
        Assert.That(async () => await _driver.Executor.ExecuteAsync(
            new SqlStatement(string.Format(System.Globalization.CultureInfo.InvariantCulture, insert, "orphan", "no-such-user")), null, CancellationToken.None), Throws.Exception);
        Assert.That(await _db.Object(TestModels.AllTypes.Name).CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_unique_violation_names_the_field()
    {
        await Users.CreateAsync(R(("id", "a"), ("name", "A"), ("email", "same@example.com")));
        // Straight to the driver, so D1's own "UNIQUE constraint failed" is what gets mapped.
        var failure = Assert.ThrowsAsync<ObjectQLException>(() => _driver.InsertAsync(TestModels.User,
            [R(("id", "b"), ("name", "B"), ("email", "same@example.com"), (SystemFields.Version, 1L))]));
        Assert.That(failure!.Code, Is.EqualTo(ErrorCodes.Conflict));
        Assert.That(failure.Details.Select(static d => (d.Field, d.Reason)), Is.EqualTo(new[] { ("email", (string?)"unique") }));
    }

    [Test]
    public async Task A_compare_and_swap_on_a_stale_version_is_a_conflict()
    {
        await Notes.CreateAsync(R(("id", "n1"), ("title", "one")));
        await Notes.UpdateAsync("n1", R(("title", "two")));
        var failure = Assert.ThrowsAsync<ObjectQLException>(() => Notes.UpdateAsync("n1", R(("title", "stale"), (SystemFields.Version, 1L))));
        Assert.That(failure!.Code, Is.EqualTo(ErrorCodes.Conflict));
        Assert.That((await Notes.FindOneAsync("n1"))!["title"], Is.EqualTo("two"));
    }

    [Test]
    public async Task An_integer_beyond_two_to_the_53_is_refused_before_sending()
    {
        await Notes.CreateAsync(R(("id", "n1"), ("title", "one")));
        var before = _driver.Client.Requests;
        var refused = Assert.ThrowsAsync<ObjectQLException>(() => _driver.UpdateAsync(TestModels.Note,
            [new RecordChange("n1", R((SystemFields.Version, 9_007_199_254_740_993L)))]));
        Assert.That(refused!.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
        Assert.That(refused.Details.Single().Reason, Is.EqualTo("integer_out_of_range"));
        Assert.That(_driver.Client.Requests, Is.EqualTo(before), "nothing was sent");
        Assert.That((await Notes.FindOneAsync("n1"))![SystemFields.Version], Is.EqualTo(1L));
    }

    [Test]
    public async Task Statements_with_more_than_a_hundred_parameters_are_reshaped_for_D1()
    {
        await Notes.CreateManyAsync(Enumerable.Range(0, 300).Select(i => R(("id", $"n{i:000}"), ("title", $"t{i}"))).ToArray());
        var wanted = Enumerable.Range(0, 300).Where(static i => i % 2 == 0).Select(static i => (object?)$"n{i:000}").ToArray();
        var either = new Filter.Or(Enumerable.Range(0, 250).Select(i => (Filter)new Filter.Comparison("title", FilterOperator.Eq, $"t{i}")).ToArray());
        Assert.That(await Notes.CountAsync(new Filter.Comparison("id", FilterOperator.In, wanted)), Is.EqualTo(150));
        Assert.That(await Notes.CountAsync(either), Is.EqualTo(250));
    }

    [Test]
    public async Task A_statement_over_100_KB_is_refused_naming_the_limit()
    {
        var wide = new Filter.And(Enumerable.Range(0, 6000).Select(i => (Filter)new Filter.Comparison("title", FilterOperator.Ne, $"nobody-{i}")).ToArray());
        var refused = Assert.ThrowsAsync<ObjectQLException>(() => Notes.CountAsync(wide));
        Assert.That(refused!.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
        Assert.That(refused.Message, Does.Contain("100000-byte"));
        Assert.That(refused.Details.Single().Reason, Is.EqualTo("statement_too_large"));
    }

    [Test]
    public async Task Rate_limits_and_server_errors_are_retried()
    {
        await Notes.CreateAsync(R(("id", "n1"), ("title", "one")));
        await MiniflareSetup.Server.QueueFaultsAsync(MiniflareSetup.Http,
            new Fault(429, """{"success":false,"errors":[{"code":971,"message":"Please wait and consider throttling your request speed"}]}""", new() { ["retry-after"] = "0" }),
            new Fault(503, "<html>upstream unavailable</html>"),
            new Fault(500, """{"result":null,"success":false,"errors":[{"code":7000,"message":"internal error; reference = abc"}]}"""));
        var before = _driver.Client.Requests;
        Assert.That((await Notes.FindOneAsync("n1"))!["title"], Is.EqualTo("one"));
        Assert.That(_driver.Client.Requests - before, Is.EqualTo(4));
    }

    [Test]
    public async Task A_SQL_error_is_never_retried()
    {
        await Notes.CreateAsync(R(("id", "n1"), ("title", "one")));
        await D1Database.RunAsync(new SqlStatement("DROP TABLE tck_note"));
        var before = _driver.Client.Requests;
        var failure = Assert.ThrowsAsync<ObjectQLException>(() => Notes.CountAsync());
        Assert.That(failure!.Code, Is.EqualTo(ErrorCodes.DatabaseError));
        Assert.That(failure.Message, Does.Contain("no such table"));
        Assert.That(_driver.Client.Requests - before, Is.EqualTo(1));
    }

    [Test]
    public async Task A_failure_envelope_on_HTTP_200_is_an_error()
    {
        await Notes.CreateAsync(R(("id", "n1"), ("title", "one")));
        await MiniflareSetup.Server.QueueFaultsAsync(MiniflareSetup.Http,
            new Fault(200, """{"result":[],"success":false,"errors":[{"code":7500,"message":"UNIQUE constraint failed: tck_note.id: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_PRIMARYKEY)"}],"messages":[]}"""));
        var failure = Assert.ThrowsAsync<ObjectQLException>(() => _driver.InsertAsync(TestModels.Note, [R(("id", "n2"), ("title", "two"), (SystemFields.Version, 1L))]));
        Assert.That(failure!.Code, Is.EqualTo(ErrorCodes.Conflict));
        Assert.That(failure.Field, Is.EqualTo("id"));
    }

    [Test]
    public async Task Wrong_credentials_are_refused_with_a_clear_error()
    {
        var wrong = transport == "bridge" ? Options with { BridgeSecret = "not-the-bridge-secret" } : Options with { ApiToken = "not-the-token" };
        await using var driver = new D1Driver(wrong, MiniflareSetup.Http);
        var failure = Assert.ThrowsAsync<ObjectQLException>(() => driver.CountAsync(TestModels.Note, null));
        Assert.That(failure!.Code, Is.EqualTo(ErrorCodes.DatabaseError));
        Assert.That(failure.Details.Single().Reason, Is.EqualTo("unauthorized"));
    }

    [Test]
    public void Missing_options_are_refused_naming_the_option()
    {
        var failure = Assert.Throws<ObjectQLException>(() => _ = new D1Driver(new CloudflareOptions { BridgeUrl = new Uri("http://127.0.0.1:1/") }, MiniflareSetup.Http));
        Assert.That(failure!.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
        Assert.That(failure.Field, Is.EqualTo(nameof(CloudflareOptions.BridgeSecret)));
    }

    private static Record R(params (string Field, object? Value)[] fields)
    {
        var record = new Record(fields.Length);
        foreach (var (field, value) in fields)
        {
            record[field] = value;
        }
        return record;
    }
}
