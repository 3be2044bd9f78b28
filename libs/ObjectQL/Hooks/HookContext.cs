using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Values;

namespace ObjectQL;

/// <summary>The operation a hook observes.</summary>
public enum HookOperation
{
    /// <summary><c>find</c> (also <c>findOne</c>).</summary>
    Find,
    /// <summary><c>count</c>.</summary>
    Count,
    /// <summary><c>create</c> (also each record of <c>createMany</c>).</summary>
    Create,
    /// <summary><c>update</c> (also each record of <c>updateMany</c>).</summary>
    Update,
    /// <summary><c>delete</c> (also each record of <c>deleteMany</c>).</summary>
    Delete,
}

/// <summary>Whether a hook runs before or after the store.</summary>
public enum HookTiming
{
    /// <summary>Before the store: may change <see cref="HookContext.Query"/> or <see cref="HookContext.Data"/>; throwing rejects.</summary>
    Before,
    /// <summary>After the store: may replace <see cref="HookContext.Result"/>; throwing rejects and rolls the write back.</summary>
    After,
}

/// <summary>A hook: runs for one operation on one record or query.</summary>
public delegate ValueTask HookHandler(HookContext context, CancellationToken cancellationToken);

/// <summary>What a hook sees. The same instance serves the before and after hooks of one call (and one record).</summary>
public sealed class HookContext
{
    internal HookContext(IPipelineSession session, ObjectDefinition definition, HookOperation operation)
    {
        Session = session;
        Definition = definition;
        Operation = operation;
    }

    /// <summary>The object.</summary>
    public ObjectDefinition Definition { get; }

    /// <summary>The object name.</summary>
    public string ObjectName => Definition.Name;

    /// <summary>The operation.</summary>
    public HookOperation Operation { get; }

    /// <summary>Before or after the store.</summary>
    public HookTiming Timing { get; internal set; }

    /// <summary>A session with the caller's context, inside the caller's transaction: hooks read and write other objects through it.</summary>
    public IPipelineSession Session { get; }

    /// <summary>The caller's context.</summary>
    public ObjectQLContext Context => Session.Context;

    /// <summary>The caller's user id.</summary>
    public string? UserId => Session.Context.UserId;

    /// <summary>State shared between the before and after hooks of this call.</summary>
    public IDictionary<string, object?> State => _state ??= new Dictionary<string, object?>(StringComparer.Ordinal);

    // Created on first use: most writes run no hook that keeps state, and bulk writes make one context per record.
    private Dictionary<string, object?>? _state;

    /// <summary>Find and count: the query (count uses only its <c>Where</c>); before-hooks may replace it.</summary>
    public Query? Query { get; set; }

    /// <summary>Update and delete: the record id; create: the id once assigned (after hooks).</summary>
    public string? Id { get; internal set; }

    /// <summary>Create: the full new record; update: the patch. Before-hooks may change it.</summary>
    public Record? Data { get; set; }

    /// <summary>Update and delete: the record as stored before the change.</summary>
    public Record? PreviousData { get; internal set; }

    /// <summary>
    /// After hooks: find gives <see cref="IReadOnlyList{T}"/> of <see cref="Record"/>, count a <see cref="long"/>,
    /// create and update the stored <see cref="Record"/>, delete a <see cref="bool"/>. After-hooks may replace it with a value of the same type.
    /// </summary>
    public object? Result { get; set; }

    /// <summary>Update: true when <see cref="Data"/> sets <paramref name="field"/> to a value different from <see cref="PreviousData"/>'s.</summary>
    public bool IsModified(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (Data is null || !Data.TryGetValue(field, out var value))
        {
            return false;
        }
        return PreviousData is null || !CanonicalValues.Equals(value, PreviousData[field]);
    }
}
