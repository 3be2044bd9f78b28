using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Server.Checkpoints;

/// <summary>
/// Turns <see cref="SyncCheckpoint"/>s into the opaque, tamper-evident text clients hold, and back.
/// Form: <c>v1.&lt;payload&gt;.&lt;mac&gt;</c>, both base64url; the payload is 65 bytes (key id, epoch, position, ordinal,
/// issue time, the first 8 bytes of SHA-256 of the client id, position tag, permission epoch, schema epoch) followed by the UTF-8 snapshot cursor when there is one, the MAC is HMAC-SHA256 over <c>v1.&lt;payload&gt;</c> with the
/// key named by the key id. Keys rotate: new checkpoints use <see cref="CurrentKeyId"/>, older keys still verify until retired,
/// and a checkpoint under a retired key gets a resync rather than an error.
/// </summary>
public sealed class CheckpointCodec
{
    private const string Prefix = "v1.";
    private const int PayloadLength = 1 + 16 + 8 + 4 + 8 + 8 + 4 + 8 + 8;
    private const int MaxCursorBytes = 1024;
    private readonly Dictionary<byte, byte[]> _keys;

    /// <summary>Creates a codec.</summary>
    /// <param name="keys">The signing keys by id, each at least 32 bytes; keep them in the server's secret store.</param>
    /// <param name="currentKeyId">The key new checkpoints are signed with.</param>
    public CheckpointCodec(IReadOnlyDictionary<byte, byte[]> keys, byte currentKeyId)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var (id, key) in keys)
        {
            if (key is null || key.Length < 32)
            {
                throw new ArgumentException($"Checkpoint key {id} must be at least 32 bytes.", nameof(keys));
            }
        }
        if (!keys.ContainsKey(currentKeyId))
        {
            throw new ArgumentException($"There is no checkpoint key {currentKeyId}.", nameof(currentKeyId));
        }
        _keys = keys.ToDictionary(k => k.Key, k => k.Value.ToArray());
        CurrentKeyId = currentKeyId;
    }

    /// <summary>The key id new checkpoints are signed with.</summary>
    public byte CurrentKeyId { get; }

    /// <summary>The signed text of <paramref name="checkpoint"/>, bound to <paramref name="clientId"/>.</summary>
    public string Encode(SyncCheckpoint checkpoint, string clientId)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        var cursor = checkpoint.SnapshotCursor is null ? [] : Encoding.UTF8.GetBytes(checkpoint.SnapshotCursor);
        if (cursor.Length > MaxCursorBytes)
        {
            throw new ArgumentException($"The snapshot cursor is longer than {MaxCursorBytes} bytes.", nameof(checkpoint));
        }
        var payload = new byte[PayloadLength + cursor.Length].AsSpan();
        cursor.CopyTo(payload[PayloadLength..]);
        payload[0] = CurrentKeyId;
        checkpoint.LogEpoch.TryWriteBytes(payload.Slice(1, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.Slice(17, 8), checkpoint.Position);
        BinaryPrimitives.WriteInt32BigEndian(payload.Slice(25, 4), checkpoint.Ordinal);
        BinaryPrimitives.WriteInt64BigEndian(payload.Slice(29, 8), checkpoint.IssuedAt.ToUnixTimeMilliseconds());
        ClientTag(clientId, payload.Slice(37, 8));
        BinaryPrimitives.WriteUInt32BigEndian(payload.Slice(45, 4), checkpoint.PositionTag);
        BinaryPrimitives.WriteUInt64BigEndian(payload.Slice(49, 8), checkpoint.PermissionEpoch);
        BinaryPrimitives.WriteUInt64BigEndian(payload.Slice(57, 8), checkpoint.SchemaEpoch);
        var signed = Prefix + Base64Url(payload);
        return signed + "." + Base64Url(Mac(_keys[CurrentKeyId], signed));
    }

    /// <summary>
    /// Reads a checkpoint. Returns null (resync) when it was signed with a key no longer held; throws
    /// <see cref="SyncErrorCodes.InvalidCheckpoint"/> when it is malformed, altered, or issued to another client.
    /// </summary>
    public SyncCheckpoint? Decode(string token, string clientId)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        var parts = token?.Split('.') ?? [];
        if (parts.Length != 3 || parts[0] != "v1" || !TryFromBase64Url(parts[1], out var payload) || payload.Length < PayloadLength || payload.Length > PayloadLength + MaxCursorBytes
            || !TryFromBase64Url(parts[2], out var mac))
        {
            throw Invalid("is not a checkpoint this server issued");
        }
        if (!_keys.TryGetValue(payload[0], out var key))
        {
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(key, Prefix + parts[1])))
        {
            throw Invalid("was altered");
        }
        Span<byte> expectedTag = stackalloc byte[8];
        ClientTag(clientId, expectedTag);
        if (!expectedTag.SequenceEqual(payload.AsSpan(37, 8)))
        {
            throw Invalid("was issued to another client");
        }
        return new SyncCheckpoint(
            new Guid(payload.AsSpan(1, 16)),
            BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(17, 8)),
            BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(25, 4)),
            DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(29, 8))),
            BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(45, 4)),
            BinaryPrimitives.ReadUInt64BigEndian(payload.AsSpan(49, 8)),
            BinaryPrimitives.ReadUInt64BigEndian(payload.AsSpan(57, 8)),
            payload.Length == PayloadLength ? null : Encoding.UTF8.GetString(payload.AsSpan(PayloadLength)));
    }

    /// <summary>
    /// Decides whether a decoded checkpoint can be continued from; null when it can, else why the client must resync. In
    /// order: another log (<see cref="ResyncReason.Epoch"/>); past the head, or the commit at its position carries another
    /// tag or is gone although not pruned (<see cref="ResyncReason.Restore"/>); older than the retention window or before
    /// the pruned part of the log (<see cref="ResyncReason.Retention"/>; <see cref="CheckpointContext.PrunedThrough"/> is
    /// the highest pruned position, usable only when that position was delivered whole); another schema
    /// (<see cref="ResyncReason.Schema"/>) or other permissions (<see cref="ResyncReason.Permissions"/>). Never a silent gap.
    /// </summary>
    public static ResyncReason? Evaluate(SyncCheckpoint checkpoint, CheckpointContext context)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(context);
        if (checkpoint.LogEpoch != context.LogEpoch)
        {
            return ResyncReason.Epoch;
        }
        var pruned = checkpoint.Position < context.PrunedThrough
            || (checkpoint.Position == context.PrunedThrough && checkpoint.Ordinal != SyncCheckpoint.WholePosition);
        if (checkpoint.Position > context.Head || (!pruned && context.TagAtPosition is { } tag && tag != checkpoint.PositionTag)
            || (!pruned && checkpoint.Position > context.PrunedThrough && context.TagAtPosition is null))
        {
            return ResyncReason.Restore;
        }
        if (pruned || context.Now - checkpoint.IssuedAt > context.Retention)
        {
            return ResyncReason.Retention;
        }
        if (checkpoint.SchemaEpoch != context.SchemaEpoch)
        {
            return ResyncReason.Schema;
        }
        return checkpoint.PermissionEpoch != context.PermissionEpoch ? ResyncReason.Permissions : null;
    }

    private static ObjectQLException Invalid(string why) => new(SyncErrorCodes.InvalidCheckpoint,
        $"lastCheckpoint {why}; send lastCheckpoint null to start over.", [new ErrorDetail("lastCheckpoint", $"The checkpoint {why}.", "invalid_checkpoint")]);

    private static void ClientTag(string clientId, Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(clientId), hash);
        hash[..destination.Length].CopyTo(destination);
    }

    private static byte[] Mac(byte[] key, string signed) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed));

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        bytes = new byte[padded.Length];
        if (text.Contains('+') || text.Contains('/') || text.Contains('=') || !Convert.TryFromBase64String(padded, bytes, out var written))
        {
            bytes = [];
            return false;
        }
        bytes = bytes[..written];
        return true;
    }
}
