using ObjectQL.Metadata;
using ObjectQL.Sync.Configuration;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;
using static ObjectQL.Sync.Tests.Resolution.Build;

namespace ObjectQL.Sync.Tests.Resolution;

public sealed class ResolverRuleTests
{
    private static readonly SyncStrategy[] Strategies = [SyncStrategy.LastWriteWins, SyncStrategy.Crdt, SyncStrategy.Manual];

    private static RecordHost Host(SyncStrategy strategy)
    {
        var host = new RecordHost(Config(strategy));
        host.Push(Create("client-b", At(0, "client-b"), ("title", "Call Bob"), ("done", false)));
        return host;
    }

    [TestCaseSource(nameof(Strategies))]
    public void Create_stores_version_1_with_every_field_stamped(SyncStrategy strategy)
    {
        var host = new RecordHost(Config(strategy));
        var result = (SyncMutationApplied)host.Push(Create("client-a", At(1, "client-a"), ("id", RecordId), ("title", "Call Bob"))).Result;
        Assert.Multiple(() =>
        {
            Assert.That(result.ServerVersion, Is.EqualTo(1));
            Assert.That(result.Outcome, Is.EqualTo(ApplyOutcome.Accepted));
            Assert.That(result.Record, Is.Null);
            Assert.That(host.Record!.Fields.Keys, Is.EqualTo(new[] { "title" }), "id is the record id, not a field");
            Assert.That(host.Record.Fields["title"], Is.EqualTo(new FieldState(ToJson("Call Bob"), At(1, "client-a"), 1)));
        });
    }

    [TestCaseSource(nameof(Strategies))]
    public void Update_of_an_unknown_record_is_rejected_not_found(SyncStrategy strategy)
    {
        var host = new RecordHost(Config(strategy));
        var result = (SyncMutationRejected)host.Push(Update("client-a", 1, At(1, "client-a"), ("done", true))).Result;
        Assert.Multiple(() =>
        {
            Assert.That(result.Code, Is.EqualTo(ErrorCodes.NotFound));
            Assert.That(host.Record, Is.Null);
        });
    }

    [TestCaseSource(nameof(Strategies))]
    public void Delete_of_an_unknown_record_is_rejected_not_found(SyncStrategy strategy)
    {
        var host = new RecordHost(Config(strategy));
        Assert.That(((SyncMutationRejected)host.Push(Delete("client-a", 1, At(1, "client-a"))).Result).Code, Is.EqualTo(ErrorCodes.NotFound));
    }

    [TestCaseSource(nameof(Strategies))]
    public void Base_version_ahead_of_the_server_is_rejected(SyncStrategy strategy)
    {
        var host = Host(strategy);
        var result = (SyncMutationRejected)host.Push(Update("client-a", 7, At(1, "client-a"), ("done", true))).Result;
        Assert.Multiple(() =>
        {
            Assert.That(result.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
            Assert.That(result.Details![0].Field, Is.EqualTo("baseVersion"));
            Assert.That(host.Record!.Version, Is.EqualTo(1));
        });
    }

    [TestCaseSource(nameof(Strategies))]
    public void Delete_leaves_a_tombstone_and_a_second_delete_changes_nothing(SyncStrategy strategy)
    {
        var host = Host(strategy);
        var first = (SyncMutationApplied)host.Push(Delete("client-a", 1, At(2, "client-a"))).Result;
        var second = (SyncMutationApplied)host.Push(Delete("client-c", 1, At(3, "client-c"))).Result;
        Assert.Multiple(() =>
        {
            Assert.That(host.Record!.IsDeleted, Is.True);
            Assert.That(host.Record.Fields, Is.Empty);
            Assert.That(first.ServerVersion, Is.EqualTo(2));
            Assert.That(second.ServerVersion, Is.EqualTo(2));
            Assert.That(second.Outcome, Is.EqualTo(ApplyOutcome.Accepted));
        });
    }

    [TestCase(SyncStrategy.LastWriteWins)]
    [TestCase(SyncStrategy.Crdt)]
    public void Create_with_the_id_of_a_deleted_record_does_not_resurrect_it(SyncStrategy strategy)
    {
        var host = Host(strategy);
        host.Push(Delete("client-b", 1, At(2, "client-b")));
        var result = (SyncMutationApplied)host.Push(Create("client-a", At(9, "client-a"), ("title", "Again"))).Result;
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(ApplyOutcome.Deleted));
            Assert.That(host.Record!.IsDeleted, Is.True);
        });
    }

    [Test]
    public void Lww_tie_on_wall_and_counter_goes_to_the_larger_client_id()
    {
        foreach (var (first, second) in new[] { ("client-a", "client-b"), ("client-b", "client-a") })
        {
            var host = Host(SyncStrategy.LastWriteWins);
            host.Push(Update(first, 1, At(5, first), ("title", first)));
            host.Push(Update(second, 1, At(5, second), ("title", second)));
            Assert.That(host["title"], Is.EqualTo("\"client-b\""), $"{first} then {second}");
        }
    }

    [TestCaseSource(nameof(Strategies))]
    public void Sequential_offline_edits_of_one_client_do_not_conflict_with_each_other(SyncStrategy strategy)
    {
        var host = Host(strategy);
        host.Push(Update("client-a", 1, At(2, "client-a"), ("title", "First")));
        var second = host.Push(Update("client-a", 1, At(3, "client-a"), ("title", "Second"))).Result;
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.TypeOf<SyncMutationApplied>());
            Assert.That(((SyncMutationApplied)second).Outcome, Is.EqualTo(ApplyOutcome.Accepted));
            Assert.That(host["title"], Is.EqualTo("\"Second\""));
            Assert.That(host.Audit, Is.Empty);
        });
    }

    [TestCaseSource(nameof(Strategies))]
    public void Applying_the_same_mutation_twice_stores_nothing_the_second_time(SyncStrategy strategy)
    {
        var host = Host(strategy);
        host.Push(Update("client-b", 1, At(3, "client-b"), ("done", true)));
        var mutation = Update("client-a", 1, At(5, "client-a"), ("title", "Call Bobby"));
        host.Push(mutation);
        var once = host.Record;
        var again = host.Push(mutation);
        Assert.Multiple(() =>
        {
            Assert.That(again.RecordToStore, Is.Null);
            Assert.That(host.Record, Is.SameAs(once));
        });
    }

    [Test]
    public void Values_are_compared_as_json_not_as_text()
    {
        var host = new RecordHost(Config(SyncStrategy.Manual));
        host.Push(Create("client-b", At(0, "client-b"), ("tags", ToJson(Sync.Resolution.JsonValues.Parse("{\"a\":1,\"b\":[1,2]}")))));
        host.Push(Update("client-b", 1, At(3, "client-b"), ("tags", ToJson(Sync.Resolution.JsonValues.Parse("{\"b\":[1,2],\"a\":1.0}")))));
        var result = host.Push(Update("client-a", 1, At(5, "client-a"), ("tags", ToJson(Sync.Resolution.JsonValues.Parse("{ \"b\": [1, 2], \"a\": 1 }"))))).Result;
        Assert.That(result, Is.TypeOf<SyncMutationApplied>(), "equal JSON values are not a conflict, whatever their spelling");
    }

    [Test]
    public void Mutation_for_another_object_than_the_configuration_is_refused()
    {
        var mutation = Update("client-a", 1, At(1, "client-a"), ("done", true)) with { ObjectName = "project" };
        var input = new ResolutionInput(mutation, At(1, "client-a"), null, null, Config(SyncStrategy.Crdt), T0);
        Assert.Throws<ArgumentException>(() => CrdtResolver.Instance.Resolve(input));
    }

    [Test]
    public void Audit_entry_records_both_sides_strategy_outcome_and_time()
    {
        var host = Host(SyncStrategy.LastWriteWins);
        host.Push(Update("client-b", 1, At(3, "client-b"), ("title", "Call Robert")));
        var mutation = Update("client-a", 1, At(5, "client-a"), ("title", "Call Bobby"));
        host.Push(mutation);
        var audit = host.Audit.Single();
        Assert.Multiple(() =>
        {
            Assert.That(audit.ObjectName, Is.EqualTo(Todo));
            Assert.That(audit.RecordId, Is.EqualTo(RecordId));
            Assert.That(audit.MutationId, Is.EqualTo(mutation.Id));
            Assert.That(audit.ClientId, Is.EqualTo("client-a"));
            Assert.That(audit.Strategy, Is.EqualTo(SyncStrategy.LastWriteWins));
            Assert.That(audit.Outcome, Is.EqualTo(ConflictOutcome.ClientWon));
            Assert.That(audit.ClientClock, Is.EqualTo(At(5, "client-a")));
            Assert.That(audit.ServerClock, Is.EqualTo(At(3, "client-b")));
            Assert.That(audit.ServerVersion, Is.EqualTo(2));
            Assert.That(audit.ServerValues!["title"].GetString(), Is.EqualTo("Call Robert"));
            Assert.That(audit.ClientValues!["title"].GetString(), Is.EqualTo("Call Bobby"));
            Assert.That(audit.At, Is.EqualTo(T0));
        });
    }

    [Test]
    public void Factory_picks_the_resolver_of_the_strategy()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ConflictResolverFactory.For(Config(SyncStrategy.LastWriteWins)), Is.InstanceOf<LastWriteWinsResolver>());
            Assert.That(ConflictResolverFactory.For(Config(SyncStrategy.Crdt)), Is.InstanceOf<CrdtResolver>());
            Assert.That(ConflictResolverFactory.For(Config(SyncStrategy.Manual)), Is.InstanceOf<ManualResolver>());
            Assert.That(ConflictResolverFactory.For(SyncStrategy.Crdt).Strategy, Is.EqualTo(SyncStrategy.Crdt));
        });
    }

    [Test]
    public void Factory_refuses_an_object_that_is_not_synced()
    {
        var disabled = SyncConfig.For(Todo, new SyncSettings { Enabled = false });
        var error = Assert.Throws<ObjectQLException>(() => ConflictResolverFactory.For(disabled))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(ErrorCodes.Forbidden));
            Assert.That(error.Details[0].Reason, Is.EqualTo("sync_disabled"));
        });
    }
}
