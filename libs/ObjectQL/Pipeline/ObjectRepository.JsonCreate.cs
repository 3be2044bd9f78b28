using ObjectQL.Drivers;
using ObjectQL.Metadata;

namespace ObjectQL.Pipeline;

internal sealed partial class ObjectRepository
{
    /// <summary>
    /// True when a create of this object can be written set-based from JSON (<see cref="CreateFromJsonAsync"/>) with the
    /// outcome of <see cref="CreateManyAsync"/>: a system session (no permissions, no tenant stamping), a driver that reads
    /// every stored field from JSON, no create hooks, no field rule the store cannot decide (patterns, formats, unique or
    /// indexed text limits, object rules, auto numbers, references) and no read-only fields.
    /// </summary>
    public bool CanCreateFromJson()
    {
        if (!Guard(_session).Bypass || DriverCapabilities.Get<IJsonRowsDriver>(Driver) is not { } json || Hooks.Any(HookOperation.Create, Definition.Name)
            || Database.Validator(Definition).NeedsRecordOnCreate || Definition.Indexes.Count > 0)
        {
            return false;
        }
        foreach (var field in Definition.Fields)
        {
            if (!field.IsComputed && (field.Unique || field.Index || field.Readonly || !json.CanReadFromJson(field)))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The rows <see cref="CreateFromJsonAsync"/> writes for <paramref name="json"/>: the system fields a new record is
    /// stamped with (<paramref name="now"/>, <paramref name="user"/>, version 1), the defaults of missing fields and the
    /// field rules. A store that applies pulled pages itself writes its creates with these.
    /// </summary>
    public JsonRows JsonCreateRows(string json, string idPath, string valuesPath, DateTimeOffset now, string? user)
    {
        var stamp = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [SystemFields.CreatedAt] = now,
            [SystemFields.UpdatedAt] = now,
            [SystemFields.CreatedBy] = user,
            [SystemFields.UpdatedBy] = user,
            [SystemFields.Version] = BoxedOne,
        };
        var whenMissing = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (field, value) in Database.Validator(Definition).Defaults)
        {
            whenMissing[field] = value;
        }
        return new JsonRows
        {
            Json = json,
            IdPath = idPath,
            ValuesPath = valuesPath,
            WhenMissing = whenMissing,
            Constants = stamp,
            CheckFieldRules = true,
        };
    }

    /// <summary>The rows of <see cref="JsonCreateRows(string, string, string, DateTimeOffset, string?)"/> stamped now by this repository's session and clock.</summary>
    public JsonRows JsonCreateRows(string json, string idPath, string valuesPath) => JsonCreateRows(json, idPath, valuesPath, Now(), _session.Context.UserId);

    /// <summary>
    /// Creates, in one statement, the records of <paramref name="json"/> (an array of objects, each with its id at
    /// <paramref name="idPath"/> and its field values at <paramref name="valuesPath"/>) whose id is new and whose values
    /// pass the field rules, stamped and defaulted as <see cref="CreateManyAsync"/> stamps them. Returns the ids created;
    /// the caller writes the others through <see cref="CreateManyAsync"/>, which reports what is wrong with them.
    /// <paramref name="values"/> gives a created record's field values for its change event, only when events are built.
    /// Only when <see cref="CanCreateFromJson"/>.
    /// </summary>
    public Task<IReadOnlyList<string>> CreateFromJsonAsync(
        string json, string idPath, string valuesPath, Func<string, Record> values, CancellationToken cancellationToken) =>
        _session.WriteAsync(async session =>
        {
            var validator = Database.Validator(Definition);
            var now = Now();
            var rows = JsonCreateRows(json, idPath, valuesPath, now, session.Context.UserId);
            var stamp = rows.Constants;
            var created = await DriverCapabilities.Get<IJsonRowsDriver>(Driver)!.InsertFromJsonAsync(Definition, rows, session.Transaction, cancellationToken).ConfigureAwait(false);
            if (session.BuildsChanges)
            {
                foreach (var id in created)
                {
                    // The record as CreateCoreAsync stamps it: the given values, defaults for missing fields, system fields.
                    var record = values(id).Clone();
                    ApplyDefaults(validator, record);
                    record[SystemFields.Id] = id;
                    foreach (var (field, value) in stamp)
                    {
                        record[field] = value;
                    }
                    RecordChange(session, ChangeOperation.Create, id, record, null, 1, now);
                }
            }
            return created;
        }, cancellationToken);
}
