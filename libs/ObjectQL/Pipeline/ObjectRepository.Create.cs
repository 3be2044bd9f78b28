using ObjectQL.Metadata;
using ObjectQL.Security;
using ObjectQL.Validation;
using ObjectQL.Values;

namespace ObjectQL.Pipeline;

internal sealed partial class ObjectRepository
{
    // Every new record starts at version 1; one shared box instead of one per record (boxed values are immutable).
    private static readonly object BoxedOne = 1L;

    public async Task<Record> CreateAsync(Record data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var created = await CreateManyAsync([data], cancellationToken).ConfigureAwait(false);
        return created[0];
    }

    public Task<IReadOnlyList<Record>> CreateManyAsync(IReadOnlyList<Record> data, CancellationToken cancellationToken = default) =>
        CreateRecordsAsync(data, ownsRecords: false, cancellationToken);

    /// <summary>
    /// <see cref="CreateManyAsync"/> of records built for this call (by the sync server's push) and held by nobody else:
    /// they are converted and stamped in place instead of copied first. The records returned may be the ones the
    /// transaction's change events hold (no create hook, no computed field): the caller reads them and changes none.
    /// </summary>
    internal Task<IReadOnlyList<Record>> CreateOwnedAsync(IReadOnlyList<Record> data, CancellationToken cancellationToken) =>
        CreateRecordsAsync(data, ownsRecords: true, cancellationToken);

    private async Task<IReadOnlyList<Record>> CreateRecordsAsync(IReadOnlyList<Record> data, bool ownsRecords, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        for (var i = 0; i < data.Count; i++)
        {
            if (data[i] is null)
            {
                throw new ArgumentException("The records to create may not contain null.", nameof(data));
            }
        }
        if (data.Count == 0)
        {
            return [];
        }
        return await _session.WriteAsync(session => CreateCoreAsync(session, data, ownsRecords, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<Record>> CreateCoreAsync(ObjectQLSession session, IReadOnlyList<Record> data, bool ownsRecords, CancellationToken cancellationToken)
    {
        var guard = Guard(session);
        guard.RequireObject(PermissionAction.Create);
        var validator = Database.Validator(Definition);
        var hooked = Hooks.Any(HookTiming.Before, HookOperation.Create, Definition.Name);
        // Without create hooks no record needs a hook context, nor two hook runs that find nothing to call.
        var hooks = hooked || Hooks.Any(HookTiming.After, HookOperation.Create, Definition.Name) ? new HookContext[data.Count] : null;
        var now = Now();
        // One box for every record of the batch (boxed values are immutable).
        object boxedNow = now;
        var user = session.Context.UserId;
        var records = new Record[data.Count];
        // Only thrown when non-empty, so one list serves every record.
        var errors = new List<ErrorDetail>();
        for (var i = 0; i < data.Count; i++)
        {
            var record = ownsRecords ? RecordInput.ForCreateInPlace(Definition, data[i]) : RecordInput.ForCreate(Definition, data[i]);
            guard.RequireWritableValues(record);
            ApplyDefaults(validator, record);
            guard.StampTenant(record);
            if (hooks is not null)
            {
                var hook = new HookContext(session, Definition, HookOperation.Create) { Data = record, Id = record.Id };
                await Hooks.RunAsync(HookTiming.Before, hook, cancellationToken).ConfigureAwait(false);
                record = hook.Data ?? throw BadResult("before-create", "a record");
                if (hooked)
                {
                    // Only a before-hook can have put non-canonical values in; ForCreate made the rest canonical.
                    RecordInput.Canonicalize(Definition, record, allowSystem: false);
                }
                hooks[i] = hook;
            }
            CreatedStamps.Apply(record, record.Id ?? Database.Ids.NewId(), boxedNow, user);
            if (hooks is not null)
            {
                hooks[i].Id = record.Id;
            }
            records[i] = record;
        }
        // Numbers are reserved after the before-hooks (which may set a value) and before validation (a required
        // auto_number is then present); a failing record rolls the reservation back with the transaction.
        await AssignAutoNumbersAsync(session, records, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < records.Length; i++)
        {
            var record = records[i];
            validator.CheckRequired(record, Definition.Fields, errors);
            validator.CheckValues(record, errors);
            ThrowIfInvalid(errors);
            if (validator.NeedsRecordOnCreate)
            {
                // Unique fields and object rules; an object without them has nothing to look up per record.
                await validator.CheckRulesAsync(record, null, RuleTriggers.Create, session, errors, cancellationToken).ConfigureAwait(false);
                ThrowIfInvalid(errors);
            }
        }
        await CheckReferencesAsync(session, records, cancellationToken).ConfigureAwait(false);
        await Driver.InsertAsync(Definition, records, session.Transaction, cancellationToken).ConfigureAwait(false);
        var results = new Record[records.Length];
        var computed = ComputedFields.Of(Definition);
        for (var i = 0; i < records.Length; i++)
        {
            // An owned record that no after-hook sees and no formula adds to is returned as written, not copied: its
            // caller only reads it (CreateOwnedAsync), so its change event and its result share it.
            var result = ownsRecords && hooks is null && computed.IsEmpty ? records[i] : computed.WithFormulas(records[i].Clone());
            if (hooks is not null)
            {
                var hook = hooks[i];
                hook.Result = result;
                await Hooks.RunAsync(HookTiming.After, hook, cancellationToken).ConfigureAwait(false);
                result = hook.Result as Record ?? throw BadResult("create", "a record");
            }
            RecordChange(session, ChangeOperation.Create, records[i].Id!, records[i], null, 1, now);
            results[i] = guard.Mask(result);
        }
        return results;
    }

    private static void ApplyDefaults(RecordValidator validator, Record record)
    {
        var defaults = validator.Defaults;
        for (var i = 0; i < defaults.Length; i++)
        {
            var (field, value) = defaults[i];
            if (!record.Contains(field))
            {
                // Converted once for every record; lists are copied so records never share one.
                record[field] = CanonicalValues.DeepCopy(value);
            }
        }
    }
}
