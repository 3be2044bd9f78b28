using NUnit.Framework;
using ObjectQL.Drivers;

namespace ObjectQL.Testing;

public abstract partial class DriverConformanceTests
{
    /// <summary>
    /// A driver over the same store as <see cref="QueryConformanceTests.Driver"/>, as a restarted process would open it (a new SQLite
    /// connection on the same file, a new pool on the same schema). The default hands back <see cref="QueryConformanceTests.Driver"/> itself,
    /// which is what re-opening means for an in-process store.
    /// </summary>
    protected virtual Task<IObjectQLDriver> OpenSameStoreAsync() => Task.FromResult(Driver);

    private IObjectRepository Tickets(ObjectQLDatabase database) => database.Object(TestModels.Ticket.Name);

    // The kit's database stays on the main model; the numbered model opens over the same driver. It is not disposed
    // here because disposing a database disposes its driver, which the kit's TearDown does.
    private Task<ObjectQLDatabase> OpenNumberedAsync(IObjectQLDriver driver) =>
        ObjectQLDatabase.OpenAsync(driver, TestModels.Numbered, CreateOptions());

    private static string? NumberOf(Record record) => (string?)record["number"];

    /// <summary>Creates without a number get 1, 2, 3 as text, and the store holds what create returned.</summary>
    [Test]
    public async Task AutoNumber_create_assigns_sequential_numbers_as_text()
    {
        var tickets = Tickets(await OpenNumberedAsync(Driver));
        var created = new List<Record>();
        for (var i = 0; i < 3; i++)
        {
            created.Add(await tickets.CreateAsync(R(("title", $"t{i}"))));
        }
        Assert.That(created.Select(NumberOf), Is.EqualTo(new[] { "1", "2", "3" }));
        var stored = await tickets.FindOneAsync(created[2].Id!);
        Assert.That(NumberOf(stored!), Is.EqualTo("3"));
    }

    /// <summary>createMany numbers its records as one consecutive block; a caller-given number is kept and uses none.</summary>
    [Test]
    public async Task AutoNumber_createMany_takes_one_consecutive_block_and_keeps_given_values()
    {
        var tickets = Tickets(await OpenNumberedAsync(Driver));
        await tickets.CreateAsync(R(("title", "first")));
        var block = await tickets.CreateManyAsync([R(("title", "a")), R(("title", "b")), R(("title", "c")), R(("title", "d"))]);
        Assert.That(block.Select(NumberOf), Is.EqualTo(new[] { "2", "3", "4", "5" }));
        var mixed = await tickets.CreateManyAsync([R(("title", "x")), R(("title", "given"), ("number", "INV-0042")), R(("title", "y"))]);
        Assert.That(mixed.Select(NumberOf), Is.EqualTo(new[] { "6", "INV-0042", "7" }));
    }

    /// <summary>A <c>prefix</c> goes before the number: INV-1, INV-2; each field keeps its own counter.</summary>
    [Test]
    public async Task AutoNumber_prefix_is_put_before_the_number()
    {
        var db = await OpenNumberedAsync(Driver);
        var invoices = db.Object(TestModels.Invoice.Name);
        var first = await invoices.CreateAsync(R(("title", "a")));
        var rest = await invoices.CreateManyAsync([R(("title", "b")), R(("title", "c"))]);
        Assert.That(new[] { first }.Concat(rest).Select(static r => (string?)r["code"]), Is.EqualTo(new[] { "INV-1", "INV-2", "INV-3" }));
        Assert.That((await invoices.FindOneAsync(rest[1].Id!))!["code"], Is.EqualTo("INV-3"));
    }

    /// <summary>Writers creating at the same time never receive the same number, and no number is skipped.</summary>
    [Test]
    public async Task AutoNumber_concurrent_creates_get_unique_numbers()
    {
        var tickets = Tickets(await OpenNumberedAsync(Driver));
        const int writers = 6;
        const int perWriter = 5;
        var results = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var numbers = new List<string>();
            for (var i = 0; i < perWriter; i++)
            {
                var created = i % 2 == 0
                    ? [await tickets.CreateAsync(R(("title", $"w{w}-{i}")))]
                    : await tickets.CreateManyAsync([R(("title", $"w{w}-{i}a")), R(("title", $"w{w}-{i}b"))]);
                numbers.AddRange(created.Select(static r => NumberOf(r)!));
            }
            return numbers;
        })));
        var all = results.SelectMany(static n => n).Select(long.Parse).Order().ToArray();
        var expected = writers * (perWriter + perWriter / 2);
        Assert.That(all, Is.EqualTo(Enumerable.Range(1, expected).Select(static n => (long)n).ToArray()));
        Assert.That(await tickets.CountAsync(), Is.EqualTo(expected));
    }

    /// <summary>The counter lives in the store: a database opened again on the same store continues after the last number.</summary>
    [Test]
    public async Task AutoNumber_numbers_survive_reopening_the_store()
    {
        var first = Tickets(await OpenNumberedAsync(Driver));
        await first.CreateManyAsync([R(("title", "a")), R(("title", "b"))]);
        var driver = await OpenSameStoreAsync();
        var reopened = await OpenNumberedAsync(driver);
        try
        {
            var created = await Tickets(reopened).CreateAsync(R(("title", "after reopening")));
            Assert.That(NumberOf(created), Is.EqualTo("3"));
        }
        finally
        {
            if (!ReferenceEquals(driver, Driver))
            {
                await reopened.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Numbers are reserved inside the write transaction: a rolled-back create (a thrown transaction body, or a batch that
    /// fails in the store) gives its numbers back, so committed numbers stay gapless. A batch-only store reserves them at
    /// once, outside the buffered batch, so rolled-back numbers stay used (a gap, as with PostgreSQL sequences).
    /// </summary>
    [Test]
    public async Task AutoNumber_rolled_back_creates_give_their_numbers_back()
    {
        var database = await OpenNumberedAsync(Driver);
        var tickets = Tickets(database);
        await tickets.CreateAsync(R(("title", "kept")));
        await FailsWithAsync<InvalidOperationException>(() => database.TransactionAsync(async (session, ct) =>
        {
            var inside = await session.Object(TestModels.Ticket.Name).CreateManyAsync([R(("title", "x")), R(("title", "y"))], ct);
            Assert.That(inside.Select(NumberOf), Is.EqualTo(new[] { "2", "3" }));
            throw new InvalidOperationException("abandon the transaction");
        }));
        // "1" is taken (number is unique), so the batch fails its unique check after its numbers were reserved.
        await ThrowsAsync(ErrorCodes.Conflict, "number", () => tickets.CreateManyAsync([R(("title", "z")), R(("title", "dup"), ("number", "1"))]));
        var next = await tickets.CreateAsync(R(("title", "next")));
        Assert.That(NumberOf(next), Is.EqualTo(IsBatched ? "5" : "2"));
        Assert.That(await tickets.CountAsync(), Is.EqualTo(2));
    }

    /// <summary>An auto_number is read-only after create: users may not update it, the system context may.</summary>
    [Test]
    public async Task AutoNumber_update_is_refused_outside_the_system_context()
    {
        var database = await OpenNumberedAsync(Driver);
        var created = await Tickets(database).CreateAsync(R(("title", "t")));
        var user = database.ForUser("u1");
        await ThrowsAsync(ErrorCodes.Forbidden, "number", () => user.Object(TestModels.Ticket.Name).UpdateAsync(created.Id!, R(("number", "99"))));
        var renamed = await user.Object(TestModels.Ticket.Name).UpdateAsync(created.Id!, R(("title", "renamed")));
        Assert.That(NumberOf(renamed), Is.EqualTo("1"));
        var fixedUp = await database.System.Object(TestModels.Ticket.Name).UpdateAsync(created.Id!, R(("number", "99")));
        Assert.That(NumberOf(fixedUp), Is.EqualTo("99"));
    }

    /// <summary>The driver capability itself: blocks are consecutive and a new counter starts at 1.</summary>
    [Test]
    public async Task AutoNumber_driver_reserves_consecutive_blocks()
    {
        await OpenNumberedAsync(Driver);
        var sequences = DriverCapabilities.Get<ISequenceDriver>(Driver);
        Assert.That(sequences, Is.Not.Null);
        Assert.That(await sequences!.ReserveAsync(TestModels.Ticket, "number", 3), Is.EqualTo(1));
        Assert.That(await sequences.ReserveAsync(TestModels.Ticket, "number", 1), Is.EqualTo(4));
        Assert.That(await sequences.ReserveAsync(TestModels.Ticket, "other_counter", 2), Is.EqualTo(1));
        await using var transaction = await Driver.BeginTransactionAsync();
        Assert.That(await sequences.ReserveAsync(TestModels.Ticket, "number", 10, transaction), Is.EqualTo(5));
        await transaction.RollbackAsync();
        // A batch-only store cannot hold the reservation open, so it is committed when made.
        Assert.That(await sequences.ReserveAsync(TestModels.Ticket, "number", 1), Is.EqualTo(IsBatched ? 15 : 5));
    }
}
