using System.Runtime.CompilerServices;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Pipeline;

/// <summary>
/// The computed fields of one object (docs/computed-fields.md): formulas are computed from each record by their
/// compiled delegate; summaries by one aggregate query per child object and filter for a whole page of parents.
/// Built once per definition.
/// </summary>
internal sealed class ComputedFields
{
    private static readonly ConditionalWeakTable<ObjectDefinition, ComputedFields> Plans = new();

    private readonly string _object;

    private ComputedFields(ObjectDefinition definition)
    {
        _object = definition.Name;
        Formulas = definition.Fields.Where(static f => f.Formula is not null).ToArray();
        Summaries = definition.Fields.Where(static f => f.Summary is not null).ToArray();
    }

    /// <summary>The formula fields that carry a compiled formula.</summary>
    public IReadOnlyList<FieldDefinition> Formulas { get; }

    /// <summary>The summary fields.</summary>
    public IReadOnlyList<FieldDefinition> Summaries { get; }

    /// <summary>True when the object has nothing to compute.</summary>
    public bool IsEmpty => Formulas.Count == 0 && Summaries.Count == 0;

    public static ComputedFields Of(ObjectDefinition definition) => Plans.GetValue(definition, static d => new ComputedFields(d));

    /// <summary>Sets every formula field of <paramref name="record"/> from its stored fields.</summary>
    public void AddFormulas(Record record)
    {
        foreach (var field in Formulas)
        {
            record[field.Name] = field.Formula!.Compute(record);
        }
    }

    /// <summary>
    /// <paramref name="record"/> with its formula fields set, for what a write returns and its after-hooks see; the
    /// record a change event carries stays the stored one (docs/computed-fields.md).
    /// </summary>
    public Record WithFormulas(Record record)
    {
        AddFormulas(record);
        return record;
    }

    /// <summary>
    /// The query the driver runs: a projection naming computed fields asks for what computes them instead (the
    /// formulas' inputs, the id for summaries).
    /// </summary>
    public Query ForDriver(Query query)
    {
        if (query.Fields is not { } fields || !fields.Any(IsComputed))
        {
            return query;
        }
        var stored = new List<string>();
        void Add(string name)
        {
            if (!stored.Contains(name, StringComparer.Ordinal))
            {
                stored.Add(name);
            }
        }
        foreach (var name in fields)
        {
            var field = Formulas.FirstOrDefault(f => f.Name == name);
            if (field is not null)
            {
                foreach (var input in field.Formula!.Fields)
                {
                    Add(input);
                }
            }
            else if (Summaries.Any(f => f.Name == name))
            {
                Add(SystemFields.Id);
            }
            else if (!IsComputed(name))
            {
                Add(name);
            }
        }
        return query with { Fields = stored };
    }

    /// <summary>
    /// Completes the records the driver returned: formulas and summaries (as <paramref name="session"/> may read the
    /// children), then the projection <paramref name="fields"/> when one was asked for.
    /// </summary>
    public async ValueTask<IReadOnlyList<Record>> CompleteAsync(
        ObjectQLSession session, IReadOnlyList<Record> rows, IReadOnlyList<string>? fields, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return rows;
        }
        foreach (var row in rows)
        {
            AddFormulas(row);
        }
        if (Summaries.Count > 0)
        {
            var ids = rows.Select(static r => r.Id).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
            var values = await SummariesAsync(session, ids, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                foreach (var field in Summaries)
                {
                    row[field.Name] = row.Id is { } id ? values.Get(field, id) : null;
                }
            }
        }
        if (fields is not null)
        {
            foreach (var row in rows)
            {
                foreach (var name in row.Fields.ToArray())
                {
                    if (!fields.Contains(name, StringComparer.Ordinal) && name != SystemFields.Id)
                    {
                        row.Remove(name);
                    }
                }
            }
        }
        return rows;
    }

    /// <summary>Computes every summary field for the parents <paramref name="ids"/>.</summary>
    public async ValueTask<SummaryValues> SummariesAsync(ObjectQLSession session, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var result = new SummaryValues();
        if (ids.Count == 0)
        {
            return result;
        }
        // Summaries over the same children with the same filter share one aggregate query.
        foreach (var group in Summaries.GroupBy(static f => (f.Summary!.Object, f.Summary.ReferenceField, f.Summary.Filter)))
        {
            var (childObject, declared, filter) = group.Key;
            var children = session.Object(childObject);
            var reference = declared ?? ReferenceOf(children.Definition, group.First());
            var aggregations = group.Select((f, i) => new Aggregation(f.Summary!.Function, f.Summary.Field, "s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
            Filter where = new Filter.Comparison(reference, FilterOperator.In, ids.ToArray<object?>());
            if (filter is not null)
            {
                where = Filter.And.Of(where, filter);
            }
            IReadOnlyList<Record> rows;
            try
            {
                rows = await children.AggregateAsync(new Query { Where = where, GroupBy = [reference], Aggregations = aggregations }, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (ObjectQLException error) when (error.Code == ErrorCodes.Forbidden)
            {
                // A caller who may not read the children sees no roll-up of them: blank, as for a record rule hiding them all.
                foreach (var field in group)
                {
                    result.Hide(field);
                }
                continue;
            }
            var index = 0;
            foreach (var field in group)
            {
                var alias = aggregations[index++].Alias;
                foreach (var row in rows)
                {
                    if (row[reference] is string parent)
                    {
                        result.Set(field, parent, ToNumber(row[alias]));
                    }
                }
            }
        }
        return result;
    }

    // The child's one lookup or master-detail field to the parent; a model with none or several is an error naming the summary.
    private string ReferenceOf(ObjectDefinition child, FieldDefinition summary)
    {
        var references = child.Fields
            .Where(f => f.Type is FieldType.Lookup or FieldType.MasterDetail && !f.Multiple && f.ReferenceTo == _object)
            .ToArray();
        if (references.Length != 1)
        {
            throw new ObjectQLException(ErrorCodes.InternalError,
                $"Summary field '{summary.Name}' of '{_object}' rolls up '{child.Name}', which has {(references.Length == 0 ? "no" : references.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))} " +
                $"single lookup or master_detail field to '{_object}'; it needs exactly one (docs/computed-fields.md).",
                [new ErrorDetail(summary.Name, "summary_object has no unique reference to the parent", "invalid_summary")]);
        }
        return references[0].Name;
    }

    private bool IsComputed(string name) => Formulas.Any(f => f.Name == name) || Summaries.Any(f => f.Name == name);

    // A summary is a number (FieldKinds): counts and decimal sums become doubles.
    private static double? ToNumber(object? value) => value switch
    {
        null => null,
        double d => d,
        long l => l,
        decimal m => (double)m,
        int i => i,
        _ => null,
    };
}

/// <summary>The summary values of a page of parents; a parent without children gets 0 for a count and null otherwise.</summary>
internal sealed class SummaryValues
{
    private readonly Dictionary<(string Field, string Id), double?> _values = new();
    private readonly HashSet<string> _hidden = new(StringComparer.Ordinal);

    public void Set(FieldDefinition field, string id, double? value) => _values[(field.Name, id)] = value;

    public void Hide(FieldDefinition field) => _hidden.Add(field.Name);

    public object? Get(FieldDefinition field, string id)
    {
        if (_hidden.Contains(field.Name))
        {
            return null;
        }
        if (_values.TryGetValue((field.Name, id), out var value))
        {
            return value;
        }
        return field.Summary!.Function == AggregateFunction.Count ? 0d : null;
    }
}
