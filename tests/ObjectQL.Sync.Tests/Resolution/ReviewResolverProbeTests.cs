using Microsoft.Extensions.Time.Testing;
using ObjectQL.Metadata;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;
using static ObjectQL.Sync.Tests.Resolution.Build;

namespace ObjectQL.Sync.Tests.Resolution;

/// <summary>The resolver probes of the 2026-12 review (R3-R14, H7, H8) that failed, each with the answer the revised RFC gives.</summary>
public sealed class ReviewResolverProbeTests
{
    private static readonly SyncStrategy[] Strategies = [SyncStrategy.LastWriteWins, SyncStrategy.Crdt, SyncStrategy.Manual];

    // An instance admitting a write as the endpoint does: drift guard, and the floor of what the writer saw of the record.
    private static HlcTimestamp Admit(RecordHost host, long baseVersion, HlcTimestamp clock, double instanceSeconds)
    {
        var instance = HybridLogicalClock.OpenAsync("server-1", new InMemoryHlcStateStore(), new FakeTimeProvider(T0 + TimeSpan.FromSeconds(instanceSeconds)))
            .AsTask().GetAwaiter().GetResult();
        return instance.AdmitAsync(clock, deviceClock: null, host.Record!.ClockSeenBy(baseVersion, clock.Node)).AsTask().GetAwaiter().GetResult().Effective;
    }

    private static RecordHost Host(SyncStrategy strategy, params (string, object?)[] fields)
    {
        var host = new RecordHost(Config(strategy));
        host.Push(Create("client-b", At(0, "client-b"), fields.Length == 0 ? [("title", "Payroll"), ("amount", 120), ("owner", "alice")] : fields));
        return host;
    }

    [TestCaseSource(nameof(Strategies))]
    public void R3_create_of_an_existing_id_is_rejected_already_exists_and_reveals_nothing(SyncStrategy strategy)
    {
        var host = Host(strategy);
        var result = host.Push(Create("client-z", At(60, "client-z"), ("amount", 999_999), ("owner", "mallory"))).Result;
        Assert.Multiple(() =>
        {
            var rejected = (SyncMutationRejected)result;
            Assert.That(rejected.Code, Is.EqualTo(ErrorCodes.Conflict));
            Assert.That(rejected.Details![0].Reason, Is.EqualTo("already_exists"));
            Assert.That(rejected.Reason, Does.Not.Contain("alice").And.Not.Contain("120"));
            Assert.That(host["amount"], Is.EqualTo("120"));
            Assert.That(host["owner"], Is.EqualTo("\"alice\""));
            Assert.That(host.Record!.Version, Is.EqualTo(1));
        });
    }

    [TestCaseSource(nameof(Strategies))]
    public void R4_system_fields_never_count_as_client_changes(SyncStrategy strategy)
    {
        var host = Host(strategy, ("title", "Call Bob"), ("done", false), ("priority", "medium"));
        host.Push(Update("client-b", 1, At(3, "client-b"), ("priority", "high"), ("updated_at", "2026-11-26T10:00:03Z")));
        var result = host.Push(Update("client-a", 1, At(1, "client-a"), ("done", true), ("updated_at", "2026-11-26T10:00:01Z"))).Result;
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<SyncMutationApplied>());
            Assert.That(host["done"], Is.EqualTo("true"), "disjoint edits both survive");
            Assert.That(host["priority"], Is.EqualTo("\"high\""));
            Assert.That(host.Record!.Fields.ContainsKey("updated_at"), Is.False, "the server stamps system fields");
        });
    }

    [Test]
    public void R5_crdt_write_that_only_moves_a_clock_keeps_the_version()
    {
        var host = Host(SyncStrategy.Crdt, ("done", false));
        host.Push(Update("client-b", 1, At(2, "client-b"), ("done", true)));
        var resolution = host.Push(Update("client-a", 1, At(5, "client-a"), ("done", true)));
        var applied = (SyncMutationApplied)resolution.Result;
        Assert.Multiple(() =>
        {
            Assert.That(applied.ServerVersion, Is.EqualTo(2), "no new version, so no change-log row");
            Assert.That(host.Record!.Version, Is.EqualTo(2));
            Assert.That(host.Record.Fields["done"].Clock, Is.EqualTo(At(5, "client-a")), "the register holds the later clock, as every replica does");
            Assert.That(host.Record.Fields["done"].Version, Is.EqualTo(2));
        });
    }

    [Test]
    public void R6_crdt_field_sent_with_its_base_value_is_dropped_by_server_and_replica_alike()
    {
        var host = Host(SyncStrategy.Crdt, ("title", "A"), ("done", false));
        host.Push(Update("client-b", 1, At(2, "client-b"), ("title", "B")));
        var write = Mutation("client-a", MutationOperation.Update, 1, At(3, "client-a"), Fields(("title", "A"), ("done", true)), Fields(("title", "A"), ("done", false)));
        host.Push(write);
        var replica = CrdtRecord.Empty
            .Apply(Create("client-b", At(0, "client-b"), ("title", "A"), ("done", false)), At(0, "client-b"))
            .Apply(Update("client-b", 1, At(2, "client-b"), ("title", "B")), At(2, "client-b"))
            .Apply(write, At(3, "client-a"));
        Assert.Multiple(() =>
        {
            Assert.That(host["title"], Is.EqualTo("\"B\""));
            Assert.That(replica.Fields["title"].Value.GetString(), Is.EqualTo("B"));
            Assert.That(replica.Fields["done"].Value.GetBoolean(), Is.True);
        });
    }

    [Test]
    public void R7_two_deletes_leave_the_same_tombstone_clock_on_server_and_replica_in_either_order()
    {
        var early = Delete("client-a", 1, At(5, "client-a"));
        var late = Delete("client-c", 1, At(9, "client-c"));
        foreach (var (first, second) in new[] { (early, late), (late, early) })
        {
            var host = Host(SyncStrategy.Crdt);
            host.Push(first);
            host.Push(second);
            var replica = CrdtRecord.Empty.Apply(first, ClockOf(first)).Apply(second, ClockOf(second));
            Assert.Multiple(() =>
            {
                Assert.That(host.Record!.DeletedAt, Is.EqualTo(At(5, "client-a")), "the earliest delete");
                Assert.That(replica.DeletedAt, Is.EqualTo(host.Record.DeletedAt));
                Assert.That(host.Record.Version, Is.EqualTo(2), "a second delete never makes a version");
            });
        }
    }

    [Test]
    public void R7_crdt_applied_result_carries_field_clocks()
    {
        var host = Host(SyncStrategy.Crdt, ("title", "A"), ("done", false));
        host.Push(Update("client-b", 1, At(2, "client-b"), ("title", "B")));
        var applied = (SyncMutationApplied)host.Push(Update("client-a", 1, At(3, "client-a"), ("done", true))).Result;
        Assert.That(applied.FieldClocks, Is.EqualTo(new Dictionary<string, string>
        {
            ["done"] = At(3, "client-a").ToString(),
            ["title"] = At(2, "client-b").ToString(),
        }));
    }

    [TestCase(SyncStrategy.LastWriteWins)]
    [TestCase(SyncStrategy.Manual)]
    public void Field_clocks_are_only_for_crdt_results(SyncStrategy strategy)
    {
        var host = Host(strategy);
        var applied = (SyncMutationApplied)host.Push(Update("client-a", 1, At(3, "client-a"), ("title", "x"))).Result;
        Assert.That(applied.FieldClocks, Is.Null);
    }

    [TestCaseSource(nameof(Strategies))]
    public void R14_a_write_on_a_seen_version_wins_whatever_its_clock_under_every_strategy(SyncStrategy strategy)
    {
        var host = Host(strategy, ("title", "A"));
        host.Push(Update("client-b", 1, At(40, "client-b"), ("title", "B")));
        var clock = Admit(host, 2, At(30, "client-slow"), instanceSeconds: 45);
        var result = (SyncMutationApplied)host.Push(Update("client-slow", 2, At(30, "client-slow"), ("title", "C, made after seeing B")), clock).Result;
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(ApplyOutcome.Accepted));
            Assert.That(host["title"], Is.EqualTo("\"C, made after seeing B\""));
            Assert.That(HlcTimestamp.Parse(result.Clock), Is.GreaterThan(At(40, "client-b")), "restamped above what it saw");
        });
    }

    [TestCase(SyncStrategy.LastWriteWins)]
    [TestCase(SyncStrategy.Crdt)]
    public void H7_a_restamp_on_another_instance_never_sorts_below_a_write_the_client_had_seen(SyncStrategy strategy)
    {
        var host = Host(strategy, ("title", "A"));
        host.Push(Update("client-x", 1, At(60.5, "client-x"), ("title", "x edit")));
        // c saw x's write through instance A and wrote 59.5 s ahead of instance B, which is 1 s behind A and restamps it.
        var clock = Admit(host, 2, At(60.5, "client-c", 2), instanceSeconds: 0);
        var result = (SyncMutationApplied)host.Push(Update("client-c", 2, At(60.5, "client-c", 2), ("title", "c edit after seeing x")), clock).Result;
        Assert.Multiple(() =>
        {
            Assert.That(host["title"], Is.EqualTo("\"c edit after seeing x\""));
            Assert.That(host.Record!.Fields["title"].Clock, Is.GreaterThan(At(60.5, "client-x")), "the field clock never moves back");
            Assert.That(result.Outcome, Is.EqualTo(ApplyOutcome.Accepted));
        });
    }

    [Test]
    public void H8_a_clients_later_edit_never_loses_to_its_own_earlier_one_across_instances()
    {
        var host = Host(SyncStrategy.Crdt, ("title", "A"));
        host.Push(Update("client-x", 1, At(70, "client-x"), ("title", "x first")), At(70, "client-x"));
        // Instance B is 35 s behind the client's 70 s lead: it restamps the second edit to its own time, the floor lifts it.
        var clock = Admit(host, 1, At(71, "client-x"), instanceSeconds: 0);
        var second = (SyncMutationApplied)host.Push(Update("client-x", 1, At(71, "client-x"), ("title", "x second")), clock).Result;
        Assert.Multiple(() =>
        {
            Assert.That(host["title"], Is.EqualTo("\"x second\""));
            Assert.That(second.Outcome, Is.EqualTo(ApplyOutcome.Accepted));
            Assert.That(HlcTimestamp.Parse(second.Clock), Is.GreaterThan(At(70, "client-x")), "two restamps never tie");
        });
    }

    [Test]
    public void R9_numbers_equal_by_value_are_one_canonical_value()
    {
        var values = new[] { "1", "1.0", "1e0", "1E0", "10e-1", "1.00" }.Select(JsonValues.Parse).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(values.Select(v => System.Text.Encoding.UTF8.GetString(JsonValues.Canonical(v))).Distinct(), Is.EqualTo(new[] { "1" }));
            Assert.That(new FieldState(values[0], At(1, "a"), 1), Is.EqualTo(new FieldState(values[1], At(1, "a"), 1)));
            Assert.That(JsonValues.ValueEquals(JsonValues.Parse("1.50"), JsonValues.Parse("1.5")), Is.True);
        });
    }

    [TestCase("9007199254740993", "9007199254740993")]
    [TestCase("12345678901234567.89", "12345678901234567.89")]
    [TestCase("-0", "0")]
    [TestCase("0.0000001", "1e-7")]
    [TestCase("0.000001", "0.000001")]
    [TestCase("1e21", "1e+21")]
    [TestCase("123e18", "123000000000000000000")]
    [TestCase("1e400", "1e+400")]
    [TestCase("-12.340e1", "-123.4")]
    public void R9_canonical_numbers_follow_rfc_8785_on_the_exact_digits_never_through_a_double(string literal, string canonical)
    {
        Assert.That(System.Text.Encoding.UTF8.GetString(JsonValues.Canonical(JsonValues.Parse(literal))), Is.EqualTo(canonical));
    }

    [Test]
    public void R11_canonical_text_escapes_only_what_json_requires_and_orders_members_by_code_point()
    {
        var value = JsonValues.Parse("{\"z\":\"\\u00e9<\\n\",\"\\u00e9\":1,\"a\":2}");
        Assert.That(System.Text.Encoding.UTF8.GetString(JsonValues.Canonical(value)), Is.EqualTo("{\"a\":2,\"z\":\"é<\\n\",\"é\":1}"));
    }

    [Test]
    public void R11_nfc_and_nfd_spellings_are_different_values()
    {
        Assert.That(JsonValues.ValueEquals(Build.ToJson("Caf\u00e9"), Build.ToJson("Cafe\u0301")), Is.False, "the RFC says text is not normalised");
    }

    private static HlcTimestamp ClockOf(MutationLogEntry mutation) => HlcTimestamp.Parse(mutation.Clock);
}
