using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Postgres.Tests;

/// <summary>
/// <see cref="ICommitPositionDriver.InsertAtCommitPositionAsync"/> on PostgreSQL: the position taken inside the commit
/// row's insert, and the settled position it returns, which leaves out its own transaction but no one else's.
/// </summary>
[TestFixture]
public sealed class PostgresCommitPositionTests
{
    private static readonly ObjectDefinition Head = Define("pos_head", [Field("position", FieldType.AutoNumber)]);
    private static readonly ObjectDefinition Commits = Define("pos_commit", [Field("position", FieldType.Number), Field("tx_id", FieldType.Text)]);

    private string _connectionString = null!;
    private ObjectQLDatabase _database = null!;
    private ICommitPositionDriver _positions = null!;

    [SetUp]
    public async Task SetUp()
    {
        _connectionString = PostgresCluster.CreateSchema("positions");
        _database = await ObjectQLDatabase.CreateBuilder().UsePostgres(_connectionString).AddModel(new ObjectModel([Head, Commits])).OpenAsync();
        _positions = DriverCapabilities.Get<ICommitPositionDriver>(_database.Driver)!;
    }

    [TearDown]
    public async Task TearDown()
    {
        await _database.DisposeAsync();
        PostgresCluster.DropSchema(_connectionString);
    }

    [Test]
    public async Task The_row_holds_the_position_taken_and_the_settled_position_leaves_out_only_its_own_transaction()
    {
        var first = await CommitRowAsync("a");
        Assert.That(first.SettledOnceEnded, Is.EqualTo(first.Position), "nobody else in flight: its own position is settled once it ends");

        // Another transaction takes a position and stays open: the next commit row's bound stops below it.
        await using var held = await _database.Driver.BeginTransactionAsync();
        var heldAt = await _positions.TakeCommitPositionAsync(Head, "position", held);
        var second = await CommitRowAsync("b");
        Assert.That(second.Position, Is.GreaterThan(heldAt));
        Assert.That(second.SettledOnceEnded, Is.LessThan(heldAt), "a position still in flight is never passed");
        await held.RollbackAsync();

        var stored = await _database.Driver.FindAsync(Commits, new Querying.Query { OrderBy = [new Querying.SortSpec("position")] });
        Assert.That(stored.Select(r => ((string)r["tx_id"]!, Convert.ToInt64(r["position"], System.Globalization.CultureInfo.InvariantCulture))),
            Is.EqualTo(new[] { ("a", first.Position), ("b", second.Position) }));
    }

    [Test]
    public async Task A_position_field_the_object_does_not_have_is_refused_before_anything_is_taken()
    {
        await using var transaction = await _database.Driver.BeginTransactionAsync();
        var refused = Assert.ThrowsAsync<ObjectQLException>(async () =>
            await _positions.InsertAtCommitPositionAsync(Head, "position", Commits, Row("a"), "no_such_field", transaction));
        Assert.That(refused!.Message, Does.Contain("no_such_field"));
        await transaction.CommitAsync();

        var next = await CommitRowAsync("b");
        Assert.That(next.Position, Is.EqualTo(1), "the refused call took no position");
        Assert.That(await _database.Driver.FindAsync(Commits, new Querying.Query()), Has.Count.EqualTo(1));
    }

    private async Task<TakenCommitPosition> CommitRowAsync(string txId)
    {
        await using var transaction = await _database.Driver.BeginTransactionAsync();
        var taken = await _positions.InsertAtCommitPositionAsync(Head, "position", Commits, Row(txId), "position", transaction);
        await transaction.CommitAsync();
        return taken;
    }

    private static Record Row(string txId) => new()
    {
        [SystemFields.Id] = Guid.NewGuid().ToString("N"),
        ["tx_id"] = txId,
        [SystemFields.Version] = 1L,
    };

    private static ObjectDefinition Define(string name, FieldDefinition[] fields) =>
        new() { Name = name, Label = name, Fields = fields, IsSystem = true };

    private static FieldDefinition Field(string name, FieldType type) => new() { Name = name, Label = name, Type = type };
}
