using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Checkpoints;

namespace ObjectQL.Sync.Server.Tests.Checkpoints;

public sealed class CheckpointCodecTests
{
    private static readonly byte[] Key1 = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] Key2 = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();
    private static readonly Guid Epoch = Guid.Parse("0193a5b2-0000-7000-8000-0000000000ee");
    private static readonly DateTimeOffset Issued = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly SyncCheckpoint Sample = new(Epoch, 123_456, 7, Issued, PositionTag: 0xC0FFEE, PermissionEpoch: 41, SchemaEpoch: 3);

    private static CheckpointContext Now(
        long prunedThrough = 100_000, long head = 200_000, uint? tag = 0xC0FFEE, ulong permissions = 41, ulong schema = 3, double days = 1, Guid? epoch = null) =>
        new(epoch ?? Epoch, prunedThrough, head, tag, permissions, schema, Issued + TimeSpan.FromDays(days), TimeSpan.FromDays(30));

    private static CheckpointCodec Codec(byte current = 1, bool withKey1 = true) =>
        new(withKey1 ? new Dictionary<byte, byte[]> { [1] = Key1, [2] = Key2 } : new Dictionary<byte, byte[]> { [2] = Key2 }, current);

    [Test]
    public void Encoded_checkpoint_decodes_to_the_same_checkpoint_for_its_client()
    {
        var token = Codec().Encode(Sample, "client-a");
        Assert.Multiple(() =>
        {
            Assert.That(token, Does.StartWith("v1."));
            Assert.That(token, Does.Match("^v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$"));
            Assert.That(Codec().Decode(token, "client-a"), Is.EqualTo(Sample));
        });
    }

    [Test]
    public void Snapshot_checkpoint_keeps_its_cursor()
    {
        var snapshot = Sample with { Ordinal = 0, SnapshotCursor = "todo_item\n0193a5b2-0000-7000-8000-00000000002a" };
        var token = Codec().Encode(snapshot, "client-a");
        Assert.That(Codec().Decode(token, "client-a"), Is.EqualTo(snapshot));
    }

    [Test]
    public void Altered_checkpoint_is_refused()
    {
        var token = Codec().Encode(Sample, "client-a");
        var parts = token.Split('.');
        var payload = parts[1].ToCharArray();
        payload[5] = payload[5] == 'A' ? 'B' : 'A';
        var altered = $"{parts[0]}.{new string(payload)}.{parts[2]}";
        var error = Assert.Throws<ObjectQLException>(() => Codec().Decode(altered, "client-a"))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(SyncErrorCodes.InvalidCheckpoint));
            Assert.That(error.Field, Is.EqualTo("lastCheckpoint"));
        });
    }

    [TestCase("5")]
    [TestCase("v1.abc")]
    [TestCase("v2.AAAA.AAAA")]
    [TestCase("v1.!!!.AAAA")]
    public void Malformed_checkpoint_is_refused(string token)
    {
        Assert.That(() => Codec().Decode(token, "client-a"),
            Throws.TypeOf<ObjectQLException>().With.Property(nameof(ObjectQLException.Code)).EqualTo(SyncErrorCodes.InvalidCheckpoint));
    }

    [Test]
    public void Checkpoint_of_another_client_is_refused()
    {
        var token = Codec().Encode(Sample, "client-a");
        var error = Assert.Throws<ObjectQLException>(() => Codec().Decode(token, "client-b"))!;
        Assert.That(error.Message, Does.Contain("another client"));
    }

    [Test]
    public void Rotated_key_still_verifies_and_a_retired_key_means_resync()
    {
        var oldToken = Codec(current: 1).Encode(Sample, "client-a");
        Assert.Multiple(() =>
        {
            Assert.That(Codec(current: 2).Decode(oldToken, "client-a"), Is.EqualTo(Sample));
            Assert.That(Codec(current: 2, withKey1: false).Decode(oldToken, "client-a"), Is.Null);
        });
    }

    [Test]
    public void Checkpoint_within_retention_on_the_same_log_is_valid()
    {
        Assert.That(CheckpointCodec.Evaluate(Sample, Now(days: 29)), Is.Null);
    }

    [Test]
    public void Checkpoint_older_than_retention_needs_a_resync()
    {
        Assert.That(CheckpointCodec.Evaluate(Sample, Now(days: 30.5)), Is.EqualTo(ResyncReason.Retention));
    }

    [Test]
    public void Checkpoint_before_the_pruned_log_needs_a_resync()
    {
        Assert.That(CheckpointCodec.Evaluate(Sample, Now(prunedThrough: 123_457, tag: null)), Is.EqualTo(ResyncReason.Retention));
    }

    [Test]
    public void Checkpoint_at_the_last_pruned_position_is_valid_only_when_that_position_was_delivered_whole()
    {
        var whole = Sample with { Ordinal = SyncCheckpoint.WholePosition };
        Assert.Multiple(() =>
        {
            Assert.That(CheckpointCodec.Evaluate(Sample, Now(prunedThrough: Sample.Position, tag: null)), Is.EqualTo(ResyncReason.Retention),
                "the rest of a partly delivered position was pruned");
            Assert.That(CheckpointCodec.Evaluate(whole, Now(prunedThrough: Sample.Position, tag: null)), Is.Null);
        });
    }

    [Test]
    public void Checkpoint_of_another_log_needs_a_resync_for_the_epoch()
    {
        Assert.That(CheckpointCodec.Evaluate(Sample, Now(epoch: Guid.NewGuid())), Is.EqualTo(ResyncReason.Epoch));
    }

    [Test]
    public void Restored_database_is_detected_without_an_operator()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CheckpointCodec.Evaluate(Sample, Now(head: 100_000)), Is.EqualTo(ResyncReason.Restore), "head behind the checkpoint");
            Assert.That(CheckpointCodec.Evaluate(Sample, Now(tag: 0xBADBEEF)), Is.EqualTo(ResyncReason.Restore),
                "the head passed the position again, but another commit holds it");
            Assert.That(CheckpointCodec.Evaluate(Sample, Now(tag: null)), Is.EqualTo(ResyncReason.Restore), "the position's commit is gone though not pruned");
        });
    }

    [Test]
    public void Changed_schema_or_permissions_need_a_resync_naming_them()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CheckpointCodec.Evaluate(Sample, Now(schema: 4)), Is.EqualTo(ResyncReason.Schema));
            Assert.That(CheckpointCodec.Evaluate(Sample, Now(permissions: 42)), Is.EqualTo(ResyncReason.Permissions));
        });
    }

    [Test]
    public void Snapshot_cursor_of_the_longest_wire_names_fits_a_checkpoint()
    {
        var cursor = new string('o', SyncProtocol.MaxNameLength) + "\n" + new string('\u00e9', SyncProtocol.MaxRecordIdBytes / 2);
        var token = Codec().Encode(Sample with { SnapshotCursor = cursor }, "client-a");
        Assert.Multiple(() =>
        {
            Assert.That(token, Has.Length.LessThanOrEqualTo(SyncProtocol.MaxCheckpointLength));
            Assert.That(Codec().Decode(token, "client-a")!.SnapshotCursor, Is.EqualTo(cursor));
        });
    }

    [Test]
    public void Short_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new CheckpointCodec(new Dictionary<byte, byte[]> { [1] = new byte[16] }, 1));
    }
}
