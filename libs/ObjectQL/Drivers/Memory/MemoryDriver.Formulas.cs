using ObjectQL.Metadata;

namespace ObjectQL.Drivers.Memory;

public sealed partial class MemoryDriver
{
    // The rows as queries see them: with formula values, so filters and sorts on a formula field read the same values
    // the SQL stores compute from its SQL form (docs/computed-fields.md). Stored rows never hold formula values.
    private IEnumerable<Record> Rows(ObjectDefinition definition, IDriverTransaction? transaction)
    {
        var rows = Table(definition, transaction).Values;
        var formulas = definition.Fields.Where(static f => f.Formula is not null).ToArray();
        if (formulas.Length == 0)
        {
            return rows;
        }
        return rows.Select(row =>
        {
            var view = row.Clone();
            foreach (var field in formulas)
            {
                view[field.Name] = field.Formula!.Compute(row);
            }
            return view;
        });
    }
}
