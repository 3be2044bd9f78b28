using ObjectQL.Metadata;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;
using static ObjectQL.Sync.Tests.Resolution.Build;

namespace ObjectQL.Sync.Tests.Resolution;

/// <summary>
/// The worked examples of docs/sync-protocol.md section 9, one test each. In all of them client-b created the record
/// at 10:00:00 (version 1: title "Call Bob", done false, priority "medium"), client-a pulled it, went offline, and edited it.
/// </summary>
public sealed class WorkedExampleTests
{
    private static RecordHost Host(SyncStrategy strategy, params string[] conflictFields)
    {
        var host = new RecordHost(Config(strategy, conflictFields));
        host.Push(Create("client-b", At(0, "client-b"), ("title", "Call Bob"), ("done", false), ("priority", "medium")));
        return host;
    }

    [Test]
    public void Example_1_lww_edits_of_different_fields_both_survive()
    {
        var host = Host(SyncStrategy.LastWriteWins);
        host.Push(Update("client-b", 1, At(3, "client-b"), ("priority", "high")));
        var result = (SyncMutationApplied)host.Push(Update("client-a", 1, At(5, "client-a"), ("done", true))).Result;

        Assert.Multiple(() =>
        {
            Assert.That(host["done"], Is.EqualTo("true"));
            Assert.That(host["priority"], Is.EqualTo("\"high\""));
            Assert.That(result.ServerVersion, Is.EqualTo(3));
            Assert.That(result.Outcome, Is.EqualTo(ApplyOutcome.Merged), "the client lacks client-b's priority");
            Assert.That(result.Record!["priority"].GetString(), Is.EqualTo("high"));
            Assert.That(host.Audit, Is.Empty, "disjoint edits are not a conflict");
        });
    }

    [Test]
    public void Example_2_lww_later_write_wins_the_whole_record()
    {
        var host = Host(SyncStrategy.LastWriteWins);
        host.Push(Update("client-b", 1, At(3, "client-b"), ("title", "Call Robert"), ("priority", "high")));
        var result = (SyncMutationApplied)host.Push(Update("client-a", 1, At(5, "client-a"), ("title", "Call Bobby"), ("done", true))).Result;

        Assert.Multiple(() =>
        {
            Assert.That(host["title"], Is.EqualTo("\"Call Bobby\""));
            Assert.That(host["done"], Is.EqualTo("true"));
            Assert.That(host["priority"], Is.EqualTo("\"high\""), "client-a did not write priority");
            Assert.That(result.Outcome, Is.EqualTo(ApplyOutcome.Merged));
            Assert.That(host.Audit.Single().Outcome, Is.EqualTo(ConflictOutcome.ClientWon));
            Assert.That(host.Audit.Single().ConflictingFields, Is.EqualTo(new[] { "title" }));
        });
    }

    [Test]
    public void Example_3_lww_earlier_write_loses_as_a_whole()
    {
        var host = Host(SyncStrategy.LastWriteWins);
        host.Push(Update("client-b", 1, At(3, "client-b"), ("title", "Call Robert"), ("priority", "high")));
        var result = (SyncMutationApplied)host.Push(Update("client-a", 1, At(1, "client-a"), ("title", "Call Bobby"), ("done", true))).Result;

        Assert.Multiple(() =>
        {
            Assert.That(host["title"], Is.EqualTo("\"Call Robert\""));
            Assert.That(host["done"], Is.EqualTo("false"), "record level: the losing write is discarded whole");
            Assert.That(host.Record!.Version, Is.EqualTo(2));
            Assert.That(result.Outcome, Is.EqualTo(ApplyOutcome.Superseded));
            Assert.That(result.Record!["title"].GetString(), Is.EqualTo("Call Robert"));
            Assert.That(host.Audit.Single().Outcome, Is.EqualTo(ConflictOutcome.ServerWon));
            Assert.That(host.Audit.Single().ClientValues!["title"].GetString(), Is.EqualTo("Call Bobby"));
            Assert.That(host.Audit.Single().ServerValues!["title"].GetString(), Is.EqualTo("Call Robert"));
        });
    }

    [Test]
    public void Example_4_lww_write_never_loses_to_one_it_has_seen_even_with_a_slow_clock()
    {
        var host = Host(SyncStrategy.LastWriteWins);
        host.Push(Update("client-b", 1, At(3, "client-b"), ("title", "Call Robert")));
        // client-a's wall clock is an hour behind; it pulled version 2, whose clock its HLC received,
        // so its next edit is stamped just after 10:00:03 rather than at 09:00:10.
        var seen = At(3, "client-b");
        var clientAClock = new Sync.Clocks.HlcTimestamp(seen.WallMilliseconds, seen.Counter + 1, "client-a");
        var result = (SyncMutationApplied)host.Push(Update("client-a", 2, clientAClock, ("title", "Call Bobby"))).Result;

        Assert.Multiple(() =>
        {
            Assert.That(host["title"], Is.EqualTo("\"Call Bobby\""));
            Assert.That(result.Outcome, Is.EqualTo(ApplyOutcome.Accepted));
            Assert.That(host.Audit, Is.Empty);
        });
    }

    [Test]
    public void Example_5_crdt_each_field_takes_its_latest_write()
    {
        var host = Host(SyncStrategy.Crdt);
        host.Push(Update("client-b", 1, At(3, "client-b"), ("title", "Call Robert")));
        var result = (SyncMutationApplied)host.Push(Update("client-a", 1, At(1, "client-a"), ("title", "Call Bobby"), ("done", true))).Result;

        Assert.Multiple(() =>
        {
            Assert.That(host["title"], Is.EqualTo("\"Call Robert\""), "client-b's title is later");
            Assert.That(host["done"], Is.EqualTo("true"), "client-a's done survives although its title lost");
            Assert.That(host.Record!.Fields["done"].Clock, Is.EqualTo(At(1, "client-a")));
            Assert.That(result.Outcome, Is.EqualTo(ApplyOutcome.Merged));
            Assert.That(host.Audit.Single().Outcome, Is.EqualTo(ConflictOutcome.ServerWon));
            Assert.That(host.Audit.Single().ConflictingFields, Is.EqualTo(new[] { "title" }));
        });
    }

    [Test]
    public void Example_6_crdt_update_racing_a_delete_leaves_the_record_deleted()
    {
        var host = Host(SyncStrategy.Crdt);
        host.Push(Delete("client-b", 1, At(2, "client-b")));
        var result = (SyncMutationApplied)host.Push(Update("client-a", 1, At(9, "client-a"), ("done", true))).Result;

        Assert.Multiple(() =>
        {
            Assert.That(host.Record!.IsDeleted, Is.True);
            Assert.That(host.Record.DeletedAt, Is.EqualTo(At(2, "client-b")));
            Assert.That(result.Outcome, Is.EqualTo(ApplyOutcome.Deleted));
            Assert.That(result.ServerVersion, Is.EqualTo(2));
            Assert.That(host.Audit.Single().Outcome, Is.EqualTo(ConflictOutcome.DeleteWon));
        });
    }

    [Test]
    public void Example_7_manual_conflict_returns_server_record_and_suggestion_and_the_answer_is_a_new_mutation()
    {
        var host = Host(SyncStrategy.Manual);
        host.Push(Update("client-b", 1, At(3, "client-b"), ("title", "Call Robert")));
        var pushed = Mutation("client-a", MutationOperation.Update, 1, At(5, "client-a"),
            Fields(("title", "Call Bobby"), ("done", true)), Fields(("title", "Call Bob"), ("done", false)));
        var result = (SyncMutationConflict)host.Push(pushed).Result;
        var conflict = result.Conflict;

        Assert.Multiple(() =>
        {
            Assert.That(host.Record!.Version, Is.EqualTo(2), "nothing stored");
            Assert.That(conflict.ConflictingFields, Is.EqualTo(new[] { "title" }));
            Assert.That(conflict.ServerVersion, Is.EqualTo(2));
            Assert.That(conflict.ServerRecord["title"].GetString(), Is.EqualTo("Call Robert"));
            Assert.That(conflict.SuggestedResolution!["title"].GetString(), Is.EqualTo("Call Bobby"), "client-a's title is later");
            Assert.That(conflict.SuggestedResolution["done"].GetBoolean(), Is.True);
            Assert.That(conflict.ClientMutation, Is.SameAs(pushed));
            Assert.That(host.Audit.Single().Outcome, Is.EqualTo(ConflictOutcome.Flagged));
        });

        // The user keeps the server's title and client-a's done: a new mutation based on the conflict's version.
        var answer = (SyncMutationApplied)host.Push(Update("client-a", conflict.ServerVersion, At(20, "client-a"), ("done", true))).Result;
        Assert.Multiple(() =>
        {
            Assert.That(answer.Outcome, Is.EqualTo(ApplyOutcome.Accepted));
            Assert.That(host["title"], Is.EqualTo("\"Call Robert\""));
            Assert.That(host["done"], Is.EqualTo("true"));
        });
    }

    [Test]
    public void Example_8_manual_same_value_on_both_sides_is_not_a_conflict()
    {
        var host = Host(SyncStrategy.Manual);
        host.Push(Update("client-b", 1, At(3, "client-b"), ("done", true)));
        var result = host.Push(Update("client-a", 1, At(5, "client-a"), ("done", true))).Result;

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<SyncMutationApplied>());
            Assert.That(host.Record!.Version, Is.EqualTo(2), "nothing to write");
            Assert.That(host.Audit, Is.Empty);
        });
    }

    [Test]
    public void Example_9_manual_field_changed_and_changed_back_is_not_a_conflict_when_the_base_is_known()
    {
        var host = Host(SyncStrategy.Manual);
        host.Push(Update("client-b", 1, At(3, "client-b"), ("title", "Call Robert")));
        host.Push(Update("client-b", 2, At(4, "client-b"), ("title", "Call Bob")));
        var withBase = Mutation("client-a", MutationOperation.Update, 1, At(5, "client-a"), Fields(("title", "Call Bobby")), Fields(("title", "Call Bob")));
        var result = host.Push(withBase).Result;

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<SyncMutationApplied>());
            Assert.That(host["title"], Is.EqualTo("\"Call Bobby\""));
        });

        // Without the base image the server only knows title changed after version 1, so it must ask.
        var other = Host(SyncStrategy.Manual);
        other.Push(Update("client-b", 1, At(3, "client-b"), ("title", "Call Robert")));
        other.Push(Update("client-b", 2, At(4, "client-b"), ("title", "Call Bob")));
        Assert.That(other.Push(Update("client-a", 1, At(5, "client-a"), ("title", "Call Bobby"))).Result, Is.TypeOf<SyncMutationConflict>());
    }

    [Test]
    public void Example_10_conflict_fields_limit_what_counts_as_a_conflict()
    {
        var host = Host(SyncStrategy.Manual, "title");
        host.Push(Update("client-b", 1, At(3, "client-b"), ("priority", "high")));
        var later = host.Push(Update("client-a", 1, At(5, "client-a"), ("priority", "low"))).Result;

        Assert.Multiple(() =>
        {
            Assert.That(later, Is.TypeOf<SyncMutationApplied>(), "priority is not a conflict field");
            Assert.That(host["priority"], Is.EqualTo("\"low\""), "the later clock wins the non-conflict field");
        });

        var earlier = host.Push(Update("client-c", 1, At(4, "client-c"), ("priority", "medium"))).Result;
        Assert.Multiple(() =>
        {
            Assert.That(earlier, Is.TypeOf<SyncMutationApplied>());
            Assert.That(host["priority"], Is.EqualTo("\"low\""), "by clock, not by arrival order");
        });
    }

    [Test]
    public void Example_11_manual_update_of_a_deleted_record_is_rejected_not_found()
    {
        var host = Host(SyncStrategy.Manual);
        host.Push(Delete("client-b", 1, At(2, "client-b")));
        var result = (SyncMutationRejected)host.Push(Update("client-a", 1, At(5, "client-a"), ("done", true))).Result;

        Assert.Multiple(() =>
        {
            Assert.That(result.Code, Is.EqualTo(ErrorCodes.NotFound));
            Assert.That(result.Details![0].Reason, Is.EqualTo("deleted"));
            Assert.That(host.Audit.Single().Outcome, Is.EqualTo(ConflictOutcome.DeleteWon));
        });
    }

    [Test]
    public void Example_12_manual_delete_of_a_record_changed_meanwhile_asks_first()
    {
        var host = Host(SyncStrategy.Manual);
        host.Push(Update("client-b", 1, At(3, "client-b"), ("title", "Call Robert")));
        var result = (SyncMutationConflict)host.Push(Delete("client-a", 1, At(5, "client-a"))).Result;

        Assert.Multiple(() =>
        {
            Assert.That(result.Conflict.ConflictingFields, Is.EqualTo(new[] { "title" }));
            Assert.That(result.Conflict.SuggestedResolution, Is.Null);
            Assert.That(host.Record!.IsDeleted, Is.False);
        });
    }
}
