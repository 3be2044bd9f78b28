using ObjectQL.Drivers;
using ObjectQL.Entities;
using ObjectQL.Metadata;
using ObjectQL.Repositories;
using ObjectQL.Security;
using ObjectQL.Validation;

namespace ObjectQL.Pipeline;

/// <summary>
/// Typed creates: when nothing needs the records themselves, entities are checked by walking their fields, stamped and
/// handed to the driver, which binds them straight to its parameters (<see cref="ITypedWriteDriver"/>). Permissions,
/// system fields, ids, validation and change events behave as for record creates (docs/pipeline.md, "Typed writes").
/// </summary>
internal sealed partial class ObjectRepository
{
    // Creates skip records unless the driver lacks the capability, a create hook may change the records, an auto_number
    // field needs numbering, reference values need checking, the object's checks need whole records (unique fields, object rules), the session stamps a
    // tenant, or it may not read some field (results get masked). The guard decides last and then serves the write.
    Task<IReadOnlyList<TEntity>> IEntityEntry.CreateManyAsync<TEntity>(IReadOnlyList<TEntity> entities, CancellationToken cancellationToken)
    {
        if (DriverCapabilities.Get<ITypedWriteDriver>(Driver) is { } writer && !Hooks.Any(HookOperation.Create, Definition.Name)
            && !Database.Validator(Definition).NeedsRecordOnCreate && !Definition.Fields.Any(AutoNumbers.IsNumbered)
            && !ChecksReferences)
        {
            var guard = Guard(_session);
            if (!guard.HidesFields && !guard.StampsTenant)
            {
                return entities.Count == 0
                    ? Task.FromResult<IReadOnlyList<TEntity>>([])
                    : _session.WriteAsync(session => CreateTypedCoreAsync(session, guard, writer, entities, cancellationToken), cancellationToken);
            }
        }
        return RecordEntityEntry.CreateManyAsync(this, entities, cancellationToken);
    }

    private async Task<IReadOnlyList<TEntity>> CreateTypedCoreAsync<TEntity>(
        ObjectQLSession session, PermissionGuard guard, ITypedWriteDriver writer, IReadOnlyList<TEntity> entities, CancellationToken cancellationToken)
        where TEntity : class, IEntity<TEntity>
    {
        // The guard was built for the caller's session, which has this session's context.
        guard.RequireObject(PermissionAction.Create);
        var validator = Database.Validator(Definition);
        var unwritable = Unwritable(guard, validator);
        var now = Now();
        // One box for every entity of the batch (boxed values are immutable).
        object boxedNow = now;
        var user = session.Context.UserId;
        var created = new TEntity[entities.Count];
        // Shared by every entity: only thrown when non-empty, and emptied after each entity.
        var typeErrors = new List<ErrorDetail>();
        var requiredErrors = new List<ErrorDetail>();
        var valueErrors = new List<ErrorDetail>();
        // As on the record path, conversion and permission errors of any entity come before validation errors, which
        // are those of the first invalid entity.
        List<ErrorDetail>? firstInvalid = null;
        for (var i = 0; i < created.Length; i++)
        {
            var entity = TEntity.Copy(entities[i]);
            var check = new EntityCreateCheck(Definition, validator, unwritable, typeErrors, requiredErrors, valueErrors);
            TEntity.WriteRow(entity, ref check);
            ThrowIfInvalid(typeErrors);
            if (check.Forbidden is { } field)
            {
                guard.RequireWritable([field]);
            }
            if (requiredErrors.Count + valueErrors.Count > 0)
            {
                firstInvalid ??= [.. requiredErrors, .. valueErrors];
                requiredErrors.Clear();
                valueErrors.Clear();
            }
            // Once an entity is invalid nothing is stored; a fix could not even be applied to it (a required field's null).
            if (check.Fixes is { } fixes && firstInvalid is null)
            {
                foreach (var (name, value) in fixes)
                {
                    entity.SetField(name, value);
                }
            }
            entity.Id ??= Database.Ids.NewId();
            entity.SetField(SystemFields.CreatedAt, boxedNow);
            entity.SetField(SystemFields.UpdatedAt, boxedNow);
            entity.SetField(SystemFields.CreatedBy, user);
            entity.SetField(SystemFields.UpdatedBy, user);
            entity.Version = 1;
            created[i] = entity;
        }
        if (firstInvalid is not null)
        {
            ThrowIfInvalid(firstInvalid);
        }
        await writer.InsertAsync(Definition, created, session.Transaction, cancellationToken).ConfigureAwait(false);
        if (session.BuildsChanges)
        {
            for (var i = 0; i < created.Length; i++)
            {
                // A snapshot: the entity itself goes back to the caller, who may change it before handlers run.
                RecordChange(session, ChangeOperation.Create, created[i].Id!, EntityImages.Stored(created[i]), null, 1, now);
            }
        }
        return created;
    }

    // Per slot, the fields this context may not set; null when it may set every one (always for the system context).
    private bool[]? Unwritable(PermissionGuard guard, RecordValidator validator)
    {
        if (guard.Bypass)
        {
            return null;
        }
        bool[]? unwritable = null;
        for (var slot = 0; slot < validator.SlotFields.Length; slot++)
        {
            if (validator.SlotFields[slot] is { } field && !guard.CanWrite(field.Name))
            {
                (unwritable ??= new bool[validator.SlotFields.Length])[slot] = true;
            }
        }
        return unwritable;
    }
}
