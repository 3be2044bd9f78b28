using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ObjectQL.Sync.Configuration;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>The digests checkpoints carry (RFC 5.1): of the synced schema, and of what a caller may read.</summary>
internal static class Epochs
{
    /// <summary>Field names and types and the sync blocks of every synced object, in name order.</summary>
    public static ulong Schema(IEnumerable<SyncConfig> configs)
    {
        var text = new StringBuilder();
        foreach (var config in configs.OrderBy(c => c.ObjectName, StringComparer.Ordinal))
        {
            text.Append(config.ObjectName).Append('|').Append(config.Strategy).Append('|').Append(config.Direction).Append('|')
                .AppendJoin(',', config.ConflictFields).Append('\n');
            foreach (var field in config.Definition!.Fields.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                text.Append(' ').Append(field.Name).Append(':').Append(field.Type).Append(field.Multiple ? "[]" : string.Empty).Append('\n');
            }
        }
        return Digest(text.ToString());
    }

    /// <summary>
    /// The caller's user, roles and tenant: a change of any of them is a resync with reason <c>permissions</c>, since
    /// the records it may read changed without any change row (RFC 6.3).
    /// </summary>
    public static ulong Permissions(ObjectQLContext caller)
    {
        var text = new StringBuilder().Append(caller.IsSystem ? "system" : "user").Append('|').Append(caller.UserId).Append('|').Append(caller.TenantId).Append('|')
            .AppendJoin(',', caller.Roles.Order(StringComparer.Ordinal));
        return Digest(text.ToString());
    }

    private static ulong Digest(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
