using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObjectQL.Sync.Protocol;

/// <summary>What a mutation or a server change does to a record; <c>create</c>, <c>update</c> or <c>delete</c> on the wire.</summary>
[JsonConverter(typeof(MutationOperationJsonConverter))]
public enum MutationOperation
{
    /// <summary>The record is created; <c>data</c> holds all its fields.</summary>
    Create,
    /// <summary>The record is changed; <c>data</c> holds only the changed fields.</summary>
    Update,
    /// <summary>The record is deleted; there is no <c>data</c>.</summary>
    Delete,

    /// <summary>
    /// Server changes only: the record left the caller's view (a permission, sharing or tenant change); the client drops
    /// its copy and its base version and keeps no tombstone, so the record can come back as a create when access returns.
    /// Never valid in a mutation.
    /// </summary>
    Remove,
}

/// <summary>Reads and writes <see cref="MutationOperation"/> as its lower-case name and refuses numbers.</summary>
public sealed class MutationOperationJsonConverter : JsonStringEnumConverter<MutationOperation>
{
    /// <summary>Creates the converter.</summary>
    public MutationOperationJsonConverter() : base(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    {
    }
}
