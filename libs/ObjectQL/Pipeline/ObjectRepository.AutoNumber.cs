using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Security;

namespace ObjectQL.Pipeline;

internal sealed partial class ObjectRepository
{
    // Gives every record of a create batch that has no value for a numbered field the next number of that field's
    // counter: one reservation per field for the whole batch, in the batch's transaction, so a rollback returns it.
    private async ValueTask AssignAutoNumbersAsync(ObjectQLSession session, Record[] records, CancellationToken cancellationToken)
    {
        foreach (var field in Definition.Fields)
        {
            if (!AutoNumbers.IsNumbered(field))
            {
                continue;
            }
            var missing = 0;
            foreach (var record in records)
            {
                if (record[field.Name] is null)
                {
                    missing++;
                }
            }
            if (missing == 0)
            {
                continue;
            }
            // OpenAsync refuses a model with auto_number fields over a driver without counters.
            var sequences = DriverCapabilities.Get<ISequenceDriver>(Driver)!;
            var next = await sequences.ReserveAsync(Definition, field.Name, missing, session.Transaction, cancellationToken).ConfigureAwait(false);
            foreach (var record in records)
            {
                if (record[field.Name] is null)
                {
                    record[field.Name] = AutoNumbers.Format(field, next++);
                }
            }
        }
    }

    // An auto_number is read-only by nature: outside the system context an update may not name it.
    private void RequireAutoNumbersUnchanged(PermissionGuard guard, Record changes)
    {
        if (guard.Bypass)
        {
            return;
        }
        foreach (var (name, _) in changes)
        {
            if (Definition.FindField(name) is { Type: FieldType.AutoNumber })
            {
                throw new ObjectQLException(ErrorCodes.Forbidden, $"Field '{name}' of '{Definition.Name}' is an auto_number; only the system context may change it.",
                    [new ErrorDetail(name, "An auto_number is assigned on create and read-only afterwards.", "readonly")]);
            }
        }
    }
}
