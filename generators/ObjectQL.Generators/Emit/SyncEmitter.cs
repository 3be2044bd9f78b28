using ObjectQL.Generators.Models;
using ObjectQL.Generators.Parsing;

namespace ObjectQL.Generators.Emit;

/// <summary>
/// Emits the typed sync views of a synced object (when the project references the sync client): its conflict with
/// typed records and field descriptors, a typed conflict handler registration, and its pending and parked status.
/// </summary>
internal static class SyncEmitter
{
    /// <summary>A type only the sync client declares; its presence in the compilation turns these outputs on.</summary>
    public const string MarkerType = "ObjectQL.Sync.Client.ConflictAnswer`1";

    private const string Client = "global::ObjectQL.Sync.Client.";

    public static bool Applies(ObjectSpec spec) => spec.Sync is { Enabled: true };

    public static string Emit(ObjectSpec spec, string ns)
    {
        var c = spec.ClassName;
        var entity = $"global::{ns}.{c}";
        var patch = $"global::{ns}.{c}Patch";
        var field = $"global::ObjectQL.Querying.IFieldDescriptor<{entity}>";
        var fields = $"global::System.Collections.Generic.IReadOnlyList<{field}>";
        var answer = $"{Client}ConflictAnswer<{patch}>";
        var name = EntityEmitter.Xml(spec.Name);
        var w = new CodeWriter(ns);

        w.Line($"/// <summary>A manual conflict of <c>{name}</c>: the client, server and suggested records as <see cref=\"{entity}\"/>, the conflicting fields as its descriptors.</summary>");
        w.Open($"public sealed class {c}SyncConflict");
        w.Line("/// <summary>Wraps the untyped conflict the engine hands out.</summary>");
        w.Open($"public {c}SyncConflict({Client}SyncConflictContext context)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(context);");
        w.Line("Context = context;");
        w.Line($"Client = context.LocalRecord is {{ }} local ? {entity}.FromRecord(local) : null;");
        w.Line("Server = ToEntity(context.ServerRecord, context.RecordId);");
        w.Line("Suggested = context.SuggestedRecord is { } suggested ? ToEntity(suggested, context.RecordId) : null;");
        w.Line("ConflictingFields = FieldsOf(context.ConflictingFields);");
        w.Close();
        w.Line();
        w.Line("/// <summary>The untyped conflict, with the server's wire form.</summary>");
        w.Line($"public {Client}SyncConflictContext Context {{ get; }}");
        w.Line();
        w.Line("/// <summary>The record id.</summary>");
        w.Line("public string RecordId => Context.RecordId;");
        w.Line();
        w.Line("/// <summary>The record as the application shows it (the parked edit and the edits held behind it), or null when it is deleted locally.</summary>");
        w.Line($"public {entity}? Client {{ get; }}");
        w.Line();
        w.Line("/// <summary>The server's record.</summary>");
        w.Line($"public {entity} Server {{ get; }}");
        w.Line();
        w.Line("/// <summary>The server's suggested resolution, when it made one.</summary>");
        w.Line($"public {entity}? Suggested {{ get; }}");
        w.Line();
        w.Line($"/// <summary>The fields changed on both sides to different values, as <see cref=\"{entity}.Fields\"/> descriptors.</summary>");
        w.Line($"public {fields} ConflictingFields {{ get; }}");
        w.Line();
        w.Line("/// <summary>True when <paramref name=\"field\"/> is one of <see cref=\"ConflictingFields\"/>.</summary>");
        w.Line($"public bool IsConflicting({field} field) => global::System.Linq.Enumerable.Contains(ConflictingFields, field);");
        w.Line();
        w.Line("/// <summary>Push the server's suggestion, or keep the server record when it made none.</summary>");
        w.Line($"public {answer} AcceptSuggestion() => Context.SuggestedRecord is {{ }} suggested ? {patch}.FromRecord(suggested) : {answer}.KeepServer;");
        w.Line();
        w.Line("/// <summary>Push <paramref name=\"patch\"/> on top of the server record.</summary>");
        w.Line($"public {answer} Push({patch} patch) => {answer}.Push(patch);");
        w.Line();
        w.Line("/// <summary>Drop the local edit; the server record stands.</summary>");
        w.Line($"public {answer} KeepServer() => {answer}.KeepServer;");
        w.Line();
        w.Line("/// <summary>Leave the conflict parked for the user.</summary>");
        w.Line($"public {answer} Defer() => {answer}.Defer;");
        w.Line();
        w.Line("/// <summary>A server record as an entity; its id comes from the conflict.</summary>");
        w.Open($"internal static {entity} ToEntity(global::ObjectQL.Record record, string id)");
        w.Line($"var entity = {entity}.FromRecord(record);");
        w.Line("entity.Id = id;");
        w.Line("return entity;");
        w.Close();
        w.Line();
        w.Line("/// <summary>Field names as descriptors; names this schema does not declare are left out.</summary>");
        w.Open($"internal static {fields} FieldsOf(global::System.Collections.Generic.IEnumerable<string> names)");
        w.Line($"var result = new global::System.Collections.Generic.List<{field}>();");
        w.Open("foreach (var name in names)");
        w.Open($"{field}? descriptor = name switch");
        foreach (var system in SystemProperty.All)
        {
            w.Line($"{Literals.String(system.Name)} => {entity}.Fields.{system.Property},");
        }
        foreach (var f in spec.Fields)
        {
            w.Line($"{Literals.String(f.Name)} => {entity}.Fields.{f.PropertyName},");
        }
        w.Line("_ => null,");
        w.Close(";");
        w.Line("if (descriptor is not null) result.Add(descriptor);");
        w.Close();
        w.Line("return result;");
        w.Close();
        w.Close();
        w.Line();

        w.Line($"/// <summary>A parked mutation of <c>{name}</c> (rejected, or a conflict waiting for an answer), typed.</summary>");
        w.Open($"public sealed class {c}SyncParked");
        w.Line("/// <summary>Wraps an untyped parked mutation of this object.</summary>");
        w.Open($"public {c}SyncParked({Client}ParkedMutation mutation)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(mutation);");
        w.Line("Mutation = mutation;");
        w.Line($"Server = mutation.ServerRecord is {{ }} server ? global::{ns}.{c}SyncConflict.ToEntity(server, mutation.RecordId) : null;");
        w.Line($"var names = new global::System.Collections.Generic.List<string>(mutation.Conflict?.ConflictingFields ?? global::System.Array.Empty<string>());");
        w.Line("foreach (var detail in mutation.Details) if (detail.Field is { } name) names.Add(name);");
        w.Line($"Fields = global::{ns}.{c}SyncConflict.FieldsOf(names);");
        w.Close();
        w.Line();
        w.Line("/// <summary>The untyped parked mutation (its id answers <see cref=\"global::ObjectQL.Sync.Client.SyncClient.ResolveAsync\"/>).</summary>");
        w.Line($"public {Client}ParkedMutation Mutation {{ get; }}");
        w.Line();
        w.Line("/// <summary>The record id.</summary>");
        w.Line("public string RecordId => Mutation.RecordId;");
        w.Line();
        w.Line("/// <summary>Rejected or in conflict.</summary>");
        w.Line($"public {Client}ParkedKind Kind => Mutation.Kind;");
        w.Line();
        w.Line("/// <summary>Why, in words a user can act on.</summary>");
        w.Line("public string Reason => Mutation.Reason;");
        w.Line();
        w.Line("/// <summary>The server's record of a conflict, or null for a rejection.</summary>");
        w.Line($"public {entity}? Server {{ get; }}");
        w.Line();
        w.Line("/// <summary>The fields concerned: the conflicting fields of a conflict, the offending fields of a rejection.</summary>");
        w.Line($"public {fields} Fields {{ get; }}");
        w.Close();
        w.Line();

        w.Line($"/// <summary>The sync state of <c>{name}</c>: its pending writes and its parked mutations.</summary>");
        w.Open($"public sealed class {c}SyncStatus");
        w.Line("/// <summary>Selects this object's part of <paramref name=\"status\"/>.</summary>");
        w.Open($"public {c}SyncStatus({Client}SyncStatus status)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(status);");
        w.Line($"PendingCount = status.PendingByObject.TryGetValue({Literals.String(spec.Name)}, out var pending) ? pending : 0;");
        w.Line($"var parked = new global::System.Collections.Generic.List<global::{ns}.{c}SyncParked>();");
        w.Line($"foreach (var mutation in status.Parked) if (mutation.ObjectName == {Literals.String(spec.Name)}) parked.Add(new global::{ns}.{c}SyncParked(mutation));");
        w.Line("Parked = parked;");
        w.Close();
        w.Line();
        w.Line("/// <summary>Local writes of this object not yet acknowledged (parked ones not included).</summary>");
        w.Line("public int PendingCount { get; }");
        w.Line();
        w.Line("/// <summary>This object's parked mutations.</summary>");
        w.Line($"public global::System.Collections.Generic.IReadOnlyList<global::{ns}.{c}SyncParked> Parked {{ get; }}");
        w.Close();
        w.Line();

        w.Line("/// <summary>Typed sync registrations and status of the generated objects.</summary>");
        w.Open("public static partial class ObjectQLSyncExtensions");
        w.Line($"/// <summary>Answers the manual conflicts of <c>{name}</c> with a typed handler: return a <see cref=\"{patch}\"/> to push, or the conflict's <c>KeepServer()</c> or <c>Defer()</c>.</summary>");
        w.Open($"public static {Client}SyncClientOptions On{c}Conflict(this {Client}SyncClientOptions options, global::System.Func<global::{ns}.{c}SyncConflict, global::System.Threading.CancellationToken, global::System.Threading.Tasks.ValueTask<{answer}>> handler)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(options);");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(handler);");
        w.Line($"return options.AddConflictHandler({Literals.String(spec.Name)}, async (context, cancellationToken) =>");
        w.Line($"    (await handler(new global::{ns}.{c}SyncConflict(context), cancellationToken).ConfigureAwait(false)).ToAnswer());");
        w.Close();
        w.Line();
        w.Line($"/// <summary>The sync state of <c>{name}</c> in <paramref name=\"status\"/>.</summary>");
        w.Line($"public static global::{ns}.{c}SyncStatus {Names.Pluralize(c)}(this {Client}SyncStatus status) => new global::{ns}.{c}SyncStatus(status);");
        w.Close();
        return w.ToString();
    }
}
