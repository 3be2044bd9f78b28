using ObjectQL.Sync.Checkpoints;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Tests.Checkpoints;

public sealed class CheckpointCodecTests
{
    private static readonly byte[] Key1 = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] Key2 = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();
    private static readonly Guid Epoch = Guid.Parse("0193a5b2-0000-7000-8000-0000000000ee");
    private static readonly DateTimeOffset Issued = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly SyncCheckpoint Sample = new(Epoch, 123_456, 7, Issued);

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
            Assert.That(CheckpointCodec.Evaluate(null, Epoch, 0, 200_000, Issued, TimeSpan.FromDays(30)), Is.EqualTo(CheckpointVerdict.ResyncRequired));
        });
    }

    [Test]
    public void Checkpoint_within_retention_on_the_same_log_is_valid()
    {
        Assert.That(CheckpointCodec.Evaluate(Sample, Epoch, 100_000, 200_000, Issued + TimeSpan.FromDays(29), TimeSpan.FromDays(30)),
            Is.EqualTo(CheckpointVerdict.Valid));
    }

    [Test]
    public void Checkpoint_older_than_retention_needs_a_resync()
    {
        Assert.That(CheckpointCodec.Evaluate(Sample, Epoch, 0, 200_000, Issued + TimeSpan.FromDays(30.5), TimeSpan.FromDays(30)),
            Is.EqualTo(CheckpointVerdict.ResyncRequired));
    }

    [Test]
    public void Checkpoint_before_the_pruned_log_needs_a_resync()
    {
        Assert.That(CheckpointCodec.Evaluate(Sample, Epoch, 123_457, 200_000, Issued, TimeSpan.FromDays(30)), Is.EqualTo(CheckpointVerdict.ResyncRequired));
    }

    [Test]
    public void Checkpoint_at_the_last_pruned_position_is_valid_only_when_that_position_was_delivered_whole()
    {
        var whole = Sample with { Ordinal = SyncCheckpoint.WholePosition };
        Assert.Multiple(() =>
        {
            Assert.That(CheckpointCodec.Evaluate(Sample, Epoch, Sample.Position, 200_000, Issued, TimeSpan.FromDays(30)), Is.EqualTo(CheckpointVerdict.ResyncRequired),
                "the rest of a partly delivered position was pruned");
            Assert.That(CheckpointCodec.Evaluate(whole, Epoch, Sample.Position, 200_000, Issued, TimeSpan.FromDays(30)), Is.EqualTo(CheckpointVerdict.Valid));
        });
    }

    [Test]
    public void Checkpoint_of_another_log_or_past_the_head_needs_a_resync()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CheckpointCodec.Evaluate(Sample, Guid.NewGuid(), 0, 200_000, Issued, TimeSpan.FromDays(30)), Is.EqualTo(CheckpointVerdict.ResyncRequired));
            Assert.That(CheckpointCodec.Evaluate(Sample, Epoch, 0, 100_000, Issued, TimeSpan.FromDays(30)), Is.EqualTo(CheckpointVerdict.ResyncRequired));
        });
    }

    [Test]
    public void Short_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new CheckpointCodec(new Dictionary<byte, byte[]> { [1] = new byte[16] }, 1));
    }
}
