using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Sync.Client.Storage;
using ObjectQL.Values;

namespace ObjectQL.Sync.Client.Merge;

// The writes that bring local rows of one object to the values the application must see: a create for a row that is
// missing, a patch of the changed fields for one that differs, a delete for one that must go, nothing for one that
// already shows its values. They run as one batch of each kind.
internal sealed class LocalWrites(ObjectDefinition definition)
{
    private readonly List<Record> _created = [];
    private readonly List<RecordPatch> _patched = [];
    private readonly List<string> _deleted = [];

    // values: what the row must show, null when it must not exist; current: the row as stored, or null.
    public void Add(string recordId, Record? current, Dictionary<string, JsonElement>? values)
    {
        if (values is null)
        {
            if (current is not null)
            {
                _deleted.Add(recordId);
            }
            return;
        }
        Add(recordId, current, RecordValues.ToRecord(definition, values));
    }

    // wanted: the record values the row must show (the caller's to give away: the create takes it as it is).
    public void Add(string recordId, Record? current, Record wanted)
    {
        if (current is null)
        {
            wanted[SystemFields.Id] = recordId;
            _created.Add(wanted);
            return;
        }
        if (RecordValues.SameValues(definition, current, wanted))
        {
            return;
        }
        var patch = new Record();
        foreach (var field in definition.Fields)
        {
            if (!field.IsComputed && !CanonicalValues.EqualityComparer.Equals(current[field.Name], wanted[field.Name]))
            {
                patch[field.Name] = wanted[field.Name];
            }
        }
        _patched.Add(new RecordPatch(recordId, patch));
    }

    public async Task RunAsync(IObjectRepository repository, CancellationToken cancellationToken)
    {
        // Deletes first, then updates: a unique value a row gives up is free for the rows written after it. An empty
        // batch is not handed on: each call opens a write of its own (in the browser, calls into the Worker).
        if (_deleted.Count > 0)
        {
            await repository.DeleteByIdsAsync(_deleted, cancellationToken).ConfigureAwait(false);
        }
        if (_patched.Count > 0)
        {
            await repository.UpdateManyAsync(_patched, cancellationToken).ConfigureAwait(false);
        }
        if (_created.Count > 0)
        {
            await repository.CreateManyAsync(_created, cancellationToken).ConfigureAwait(false);
        }
    }
}
