using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObjectQL.Sync.Protocol;

/// <summary>Why a checkpoint cannot be continued (<c>resyncReason</c> on the wire, snake_case).</summary>
[JsonConverter(typeof(ResyncReasonJsonConverter))]
public enum ResyncReason
{
    /// <summary>Older than the change log's retention window, or below its pruned part.</summary>
    Retention,
    /// <summary>Issued by another change log (a new database, or an operator's new epoch).</summary>
    Epoch,
    /// <summary>The change log at the checkpoint's position is not the one it was issued for: the database was restored from a backup.</summary>
    Restore,
    /// <summary>The caller's permissions (roles, tenant, sharing, policy version) changed since it was issued.</summary>
    Permissions,
    /// <summary>The synced objects' schema changed since it was issued.</summary>
    Schema,
    /// <summary>Signed with a retired key or written in a checkpoint format the server no longer reads.</summary>
    Format,
}

/// <summary>Reads and writes <see cref="ResyncReason"/> as snake_case strings only.</summary>
public sealed class ResyncReasonJsonConverter : JsonStringEnumConverter<ResyncReason>
{
    /// <summary>Creates the converter.</summary>
    public ResyncReasonJsonConverter() : base(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    {
    }
}
