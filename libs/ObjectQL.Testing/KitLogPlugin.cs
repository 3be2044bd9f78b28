using ObjectQL.Metadata;
using static ObjectQL.Testing.TestModels;

namespace ObjectQL.Testing;

/// <summary>
/// A plugin in the shape of a change log: its own system object, <c>tck_change_log</c>, written by a before-commit
/// handler with one row per change, and a hook that counts the creates of data it has seen since open.
/// </summary>
internal sealed class KitLogPlugin(string name = "tck-log", params ObjectDefinition[] extraObjects) : IObjectQLPlugin
{
    public static ObjectDefinition Log { get; } = AsSystem(Object("tck_change_log",
        Field("object_name", FieldType.Text) with { Required = true },
        Field("record_id", FieldType.Text) with { Required = true },
        Field("operation", FieldType.Text),
        Field("mutation_id", FieldType.Text),
        Field("position", FieldType.Number)));

    public string Name => name;

    /// <summary><paramref name="definition"/> marked as a system object.</summary>
    public static ObjectDefinition AsSystem(ObjectDefinition definition) =>
        new() { Name = definition.Name, Label = definition.Label, TableName = definition.TableName, Fields = definition.Fields, IsSystem = true };

    public IReadOnlyList<ObjectDefinition> SystemObjects { get; } = [Log, .. extraObjects];

    public int CreatesSeen { get; private set; }

    public void Attach(ObjectQLDatabase database)
    {
        database.Hooks.Before(HookOperation.Create, HookRegistry.AnyObject, (context, _) =>
        {
            // The log's own rows are creates too.
            if (!context.Definition.IsSystem)
            {
                CreatesSeen++;
            }
            return ValueTask.CompletedTask;
        });
        database.Changes.SubscribeBeforeCommit(async (context, ct) =>
        {
            var log = context.Session.Object(Log.Name);
            var position = await log.CountAsync(null, ct).ConfigureAwait(false);
            var rows = context.Changes.Select(change => new Record
            {
                ["object_name"] = change.ObjectName,
                ["record_id"] = change.Id,
                ["operation"] = change.Operation.ToString(),
                ["mutation_id"] = change.Origin?.MutationId,
                ["position"] = (double)++position,
            }).ToList();
            await log.CreateManyAsync(rows, ct).ConfigureAwait(false);
        });
    }
}
