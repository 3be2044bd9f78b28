using NUnit.Framework;
using ObjectQL.Metadata;

namespace ObjectQL.Testing;

public abstract partial class DriverConformanceTests
{
    private List<ChangeEvent> Capture(out IDisposable subscription)
    {
        var changes = new List<ChangeEvent>();
        subscription = Db.Changes.Subscribe((change, _) =>
        {
            lock (changes)
            {
                changes.Add(change);
            }
            return ValueTask.CompletedTask;
        });
        return changes;
    }

    /// <summary>Every write path emits exactly one change per record, with images, version and user.</summary>
    [Test]
    public async Task Every_write_path_emits_exactly_one_change_per_record()
    {
        var changes = Capture(out var subscription);
        using (subscription)
        {
            var users = Db.ForUser("writer").Object(TestModels.User.Name);
            await users.CreateAsync(R(("id", "c1"), ("name", "One")));
            await users.CreateManyAsync([R(("id", "c2"), ("name", "Two")), R(("id", "c3"), ("name", "Three"))]);
            await users.UpdateAsync("c1", R(("age", 1.0)));
            await users.UpdateManyAsync(Where("id", Querying.FilterOperator.In, new[] { "c2", "c3" }), R(("age", 2.0)));
            await users.DeleteAsync("c1");
            await users.DeleteManyAsync(null);
        }
        Assert.That(changes.Select(static c => $"{c.Operation}:{c.Id}:{c.Version}"), Is.EqualTo(new[]
        {
            "Create:c1:1", "Create:c2:1", "Create:c3:1",
            "Update:c1:2", "Update:c2:2", "Update:c3:2",
            "Delete:c1:3", "Delete:c2:3", "Delete:c3:3",
        }));
        Assert.That(changes.Select(static c => c.UserId), Is.All.EqualTo("writer"));
        Assert.That(changes.Select(static c => c.ObjectName), Is.All.EqualTo(TestModels.User.Name));
        var update = changes[3];
        Assert.That(update.PreviousData!["age"], Is.Null);
        Assert.That(update.Data!["age"], Is.EqualTo(1.0));
        Assert.That(update.Data["name"], Is.EqualTo("One"), "the change carries the full new image");
        Assert.That(changes[6].Data, Is.Null);
        Assert.That(changes[6].PreviousData!["age"], Is.EqualTo(1.0));
    }

    /// <summary>A rolled-back transaction publishes nothing; a committed one publishes after commit.</summary>
    [Test]
    public async Task Changes_are_published_only_after_commit()
    {
        var changes = Capture(out var subscription);
        using (subscription)
        {
            await FailsWithAsync<InvalidOperationException>(() => Db.TransactionAsync(async (session, ct) =>
            {
                await session.Object(TestModels.User.Name).CreateAsync(R(("name", "Gone")), ct);
                throw new InvalidOperationException("rollback");
            }));
            Assert.That(changes, Is.Empty);
            await Db.TransactionAsync(async (session, ct) =>
            {
                await session.Object(TestModels.User.Name).CreateAsync(R(("id", "kept"), ("name", "Kept")), ct);
                Assert.That(changes, Is.Empty, "nothing is published before commit");
            });
        }
        Assert.That(changes.Select(static c => c.Id), Is.EqualTo(new[] { "kept" }));
        Assert.That(changes[0].Data![SystemFields.Version], Is.EqualTo(1L));
    }
}
