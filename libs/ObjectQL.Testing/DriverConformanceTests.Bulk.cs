using NUnit.Framework;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

public abstract partial class DriverConformanceTests
{
    /// <summary>createMany returns every record with its id.</summary>
    [Test]
    public async Task CreateMany_returns_records_with_ids()
    {
        var created = await Users.CreateManyAsync([R(("name", "A")), R(("name", "B")), R(("name", "C"))]);
        Assert.That(created, Has.Count.EqualTo(3));
        Assert.That(created.Select(static r => r.Id), Is.All.Not.Null);
        Assert.That(created.Select(static r => r.Id), Is.Unique);
        Assert.That(await Users.CountAsync(), Is.EqualTo(3));
    }

    /// <summary>createMany is all or nothing when one record is invalid.</summary>
    [Test]
    public async Task CreateMany_with_one_invalid_record_creates_none()
    {
        await ThrowsAsync(ErrorCodes.ValidationError, "name", () => Users.CreateManyAsync([R(("name", "A")), R(("age", 3.0)), R(("name", "C"))]));
        Assert.That(await Users.CountAsync(), Is.EqualTo(0));
    }

    /// <summary>createMany is all or nothing when the store rejects a duplicate.</summary>
    [Test]
    public async Task CreateMany_with_duplicate_id_creates_none()
    {
        await Users.CreateAsync(R(("id", "taken"), ("name", "T")));
        await ThrowsAsync(ErrorCodes.Conflict, null, () => Users.CreateManyAsync([R(("id", "new1"), ("name", "A")), R(("id", "taken"), ("name", "B"))]));
        Assert.That(await Users.CountAsync(), Is.EqualTo(1));
    }

    /// <summary>updateMany changes every match and returns the count.</summary>
    [Test]
    public async Task UpdateMany_changes_every_match_and_returns_the_count()
    {
        await SeedUsersAsync();
        Assert.That(await Users.UpdateManyAsync(W("role", FilterOperator.Eq, "user"), R(("department", "Ops"))), Is.EqualTo(2));
        Assert.That(await UserIdsAsync(W("department", FilterOperator.Eq, "Ops")), Is.EqualTo(new[] { "u2", "u3" }));
        Assert.That((await Users.FindOneAsync("u2"))![SystemFields.Version], Is.EqualTo(2L));
        Assert.That(await Users.UpdateManyAsync(W("department", FilterOperator.Eq, "nowhere"), R(("department", "X"))), Is.EqualTo(0));
    }

    /// <summary>updateMany is all or nothing when one record fails (here: a unique value given to two records).</summary>
    [Test]
    public async Task UpdateMany_that_fails_on_one_record_changes_none()
    {
        await SeedUsersAsync();
        await AssertUniqueConflictAsync("email", () => Users.UpdateManyAsync(W("role", FilterOperator.Eq, "user"), R(("email", "same@example.com"), ("department", "Ops"))));
        Assert.That(await UserIdsAsync(W("department", FilterOperator.Eq, "Ops")), Is.Empty);
        Assert.That((await Users.FindOneAsync("u2"))!["email"], Is.EqualTo("bob@example.com"));
    }

    /// <summary>deleteMany deletes every match and returns the count.</summary>
    [Test]
    public async Task DeleteMany_deletes_every_match_and_returns_the_count()
    {
        await SeedUsersAsync();
        Assert.That(await Users.DeleteManyAsync(W("department", FilterOperator.Eq, "HR")), Is.EqualTo(2));
        Assert.That(await UserIdsAsync(null), Is.EqualTo(new[] { "u1", "u3" }));
    }

    /// <summary>Catches the <see cref="ObjectQLException"/> <paramref name="action"/> throws.</summary>
    protected static async Task<ObjectQLException> CatchAsync(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (ObjectQLException e)
        {
            return e;
        }
        Assert.Fail("Expected an ObjectQLException, but nothing was thrown.");
        throw new InvalidOperationException("unreachable");
    }
}
