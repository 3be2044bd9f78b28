using NUnit.Framework;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

public abstract partial class DriverConformanceTests
{
    /// <summary>
    /// Writes in a committed transaction are visible afterwards. Inside it, an interactive store's reads see them; a
    /// batch-only store's reads see the committed data, without the writes buffered for the commit.
    /// </summary>
    [Test]
    public async Task Transaction_commit_makes_writes_visible()
    {
        await Db.TransactionAsync(async (session, ct) =>
        {
            var users = session.Object(TestModels.User.Name);
            await users.CreateAsync(R(("id", "t1"), ("name", "In tx")), ct);
            if (IsBatched)
            {
                Assert.That(await users.FindOneAsync("t1", ct), Is.Null, "a batch-only store's reads see committed data only");
            }
            else
            {
                Assert.That(await users.FindOneAsync("t1", ct), Is.Not.Null, "a transaction sees its own writes");
            }
        });
        Assert.That((await Users.FindOneAsync("t1"))?["name"], Is.EqualTo("In tx"));
    }

    /// <summary>A throwing transaction rolls back creates, updates and deletes.</summary>
    [Test]
    public async Task Transaction_rollback_restores_updated_deleted_and_removes_created_records()
    {
        await SeedUsersAsync();
        var failure = new InvalidOperationException("boom");
        var thrown = await FailsWithAsync<InvalidOperationException>(() => Db.TransactionAsync(async (session, ct) =>
        {
            var users = session.Object(TestModels.User.Name);
            await users.CreateAsync(R(("id", "t1"), ("name", "Doomed")), ct);
            await users.UpdateAsync("u1", R(("name", "Changed")), ct);
            await users.DeleteAsync("u2", ct);
            throw failure;
        }));
        Assert.That(thrown, Is.SameAs(failure));
        Assert.That(await Users.FindOneAsync("t1"), Is.Null);
        Assert.That((await Users.FindOneAsync("u1"))?["name"], Is.EqualTo("Alice"));
        Assert.That(await Users.FindOneAsync("u2"), Is.Not.Null);
    }

    /// <summary>Uncommitted writes are invisible outside the transaction.</summary>
    [Test]
    public async Task Uncommitted_writes_are_invisible_outside_the_transaction()
    {
        await Db.TransactionAsync(async (session, ct) =>
        {
            await session.Object(TestModels.User.Name).CreateAsync(R(("id", "hidden"), ("name", "Hidden")), ct);
            Assert.That(await Driver.FindOneAsync(TestModels.User, "hidden", null, ct), Is.Null);
        });
        Assert.That(await Users.FindOneAsync("hidden"), Is.Not.Null);
    }

    /// <summary>An after-hook that throws rolls the write back.</summary>
    [Test]
    public async Task Throwing_after_hook_rolls_the_write_back()
    {
        using var hook = Db.Hooks.After(HookOperation.Create, TestModels.User.Name, static (_, _) => throw new ObjectQLException(ErrorCodes.Forbidden, "no"));
        await ThrowsAsync(ErrorCodes.Forbidden, null, () => Users.CreateAsync(R(("id", "h1"), ("name", "H"))));
        Assert.That(await Users.FindOneAsync("h1"), Is.Null);
    }

    /// <summary>A transaction inside a transaction joins it: the outer rollback undoes the inner writes.</summary>
    [Test]
    public async Task Nested_transaction_joins_the_outer_one()
    {
        await FailsWithAsync<InvalidOperationException>(() => Db.TransactionAsync(async (outer, ct) =>
        {
            await outer.TransactionAsync(async (inner, ct2) =>
                await inner.Object(TestModels.User.Name).CreateAsync(R(("id", "inner"), ("name", "I")), ct2), ct);
            throw new InvalidOperationException("outer fails");
        }));
        Assert.That(await Users.FindOneAsync("inner"), Is.Null);
    }

    /// <summary>The driver's own transactions roll back on dispose (a batch-only store's reads inside do not see the buffered insert).</summary>
    [Test]
    public async Task Driver_transaction_disposed_without_commit_rolls_back()
    {
        await using (var transaction = await Driver.BeginTransactionAsync())
        {
            await Driver.InsertAsync(TestModels.Note, [R(("id", "d1"), ("title", "x"), ("_version", 1L))], transaction);
            Assert.That(await Driver.CountAsync(TestModels.Note, null, transaction), Is.EqualTo(IsBatched ? 0 : 1));
        }
        Assert.That(await Driver.CountAsync(TestModels.Note, null), Is.EqualTo(0));
        await using (var transaction = await Driver.BeginTransactionAsync())
        {
            await Driver.InsertAsync(TestModels.Note, [R(("id", "d2"), ("title", "y"), ("_version", 1L))], transaction);
            await transaction.CommitAsync();
        }
        Assert.That(SortedIds(await Driver.FindAsync(TestModels.Note, Query.All)), Is.EqualTo(new[] { "d2" }));
    }
}
