using ObjectQL.Metadata;

namespace ObjectQL.Sync.Configuration;

/// <summary>
/// The sync behaviour of one object, built from the generated metadata (<see cref="ObjectDefinition.Sync"/>, the YAML
/// <c>sync</c> block). An object without a <c>sync</c> block, or with <c>enabled: false</c>, is not synced.
/// </summary>
public sealed record SyncConfig
{
    private readonly HashSet<string> _conflictFields;

    private SyncConfig(string objectName, SyncSettings settings, ObjectDefinition? definition = null)
    {
        ObjectName = objectName;
        Definition = definition;
        Enabled = settings.Enabled;
        Strategy = settings.Strategy;
        ConflictFields = settings.ConflictFields;
        Direction = settings.Direction;
        DebounceMs = settings.DebounceMs;
        BatchSize = settings.BatchSize;
        _conflictFields = new HashSet<string>(settings.ConflictFields, StringComparer.Ordinal);
    }

    /// <summary>The object.</summary>
    public string ObjectName { get; }

    /// <summary>
    /// The object's definition when the configuration was built from it: the resolvers then convert every value of a
    /// mutation by its field's type (<see cref="Protocol.SyncValues"/>) before comparing. Null for settings alone.
    /// </summary>
    public ObjectDefinition? Definition { get; }

    /// <summary>The object takes part in sync (<c>sync.enabled</c>).</summary>
    public bool Enabled { get; }

    /// <summary>The conflict strategy (<c>sync.strategy</c>).</summary>
    public SyncStrategy Strategy { get; }

    /// <summary>The fields whose concurrent change counts as a conflict (<c>sync.conflict_fields</c>); empty means every field.</summary>
    public IReadOnlyList<string> ConflictFields { get; }

    /// <summary>Which way changes flow (<c>sync.direction</c>).</summary>
    public SyncDirection Direction { get; }

    /// <summary>How long a client waits after a local write before pushing (<c>sync.debounce_ms</c>).</summary>
    public int DebounceMs { get; }

    /// <summary>The most mutations a client pushes in one request (<c>sync.batch_size</c>).</summary>
    public int BatchSize { get; }

    /// <summary>Clients may push mutations of this object (enabled and not pull-only).</summary>
    public bool AcceptsPush => Enabled && Direction != SyncDirection.PullOnly;

    /// <summary>The server sends this object's changes to clients (enabled and not push-only).</summary>
    public bool SendsChanges => Enabled && Direction != SyncDirection.PushOnly;

    /// <summary>True when a concurrent change of <paramref name="field"/> can be a conflict (listed, or no list given).</summary>
    public bool IsConflictField(string field) => _conflictFields.Count == 0 || _conflictFields.Contains(field);

    /// <summary>The configuration of <paramref name="definition"/>; a disabled one when it has no <c>sync</c> block.</summary>
    public static SyncConfig For(ObjectDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var settings = definition.Sync ?? new SyncSettings { Enabled = false };
        foreach (var field in settings.ConflictFields)
        {
            // Checked again here because a hand-built definition does not pass the generator's diagnostics.
            if (definition.FindField(field) is null && !SystemFields.IsSystemField(field))
            {
                throw ObjectQLException.InvalidRequest(
                    $"sync.conflict_fields of object '{definition.Name}' names '{field}', which is not a field of it.", field, "unknown_field");
            }
        }
        if (settings.BatchSize < 1 || settings.DebounceMs < 0)
        {
            throw ObjectQLException.InvalidRequest(
                $"sync of object '{definition.Name}' needs batch_size >= 1 and debounce_ms >= 0.", "sync", "out_of_range");
        }
        return new SyncConfig(definition.Name, settings, definition);
    }

    /// <summary>
    /// A configuration from settings alone, for code that has no definition at hand (tests, tools). Its resolvers compare
    /// values as sent (exactly, by canonical JSON) without converting them by field type; a server uses <see cref="For(ObjectDefinition)"/>.
    /// </summary>
    public static SyncConfig For(string objectName, SyncSettings settings)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectName);
        ArgumentNullException.ThrowIfNull(settings);
        return new SyncConfig(objectName, settings);
    }

    /// <summary>The configuration of every object of <paramref name="model"/>, by object name.</summary>
    public static IReadOnlyDictionary<string, SyncConfig> ForModel(ObjectModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Objects.ToDictionary(o => o.Name, For, StringComparer.Ordinal);
    }
}
