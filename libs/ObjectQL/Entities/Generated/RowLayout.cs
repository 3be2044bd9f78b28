using System.Collections.Concurrent;
using System.ComponentModel;
using ObjectQL.Metadata;

namespace ObjectQL.Entities.Generated;

/// <summary>
/// Where each field of an entity sits in a result row: the ordinal per field slot, or -1 when the row lacks it.
/// Slots are the system fields in <see cref="SystemFields.All"/> order (<c>id</c>, <c>created_at</c>,
/// <c>updated_at</c>, <c>created_by</c>, <c>updated_by</c>, <c>_version</c>) followed by
/// <see cref="ObjectDefinition.Fields"/> in declaration order; generated row readers index it by those slots.
/// Build one per (object, result columns) with <see cref="For"/>, which caches it.
/// Used by generated code and drivers, not by applications.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RowLayout
{
    private static readonly ConcurrentDictionary<(ObjectDefinition Definition, string Columns), RowLayout> Cache = new(LayoutKeyComparer.Instance);

    private readonly int[] _ordinals;
    private readonly string[] _names;

    private RowLayout(ObjectDefinition definition, IReadOnlyList<string> columns)
    {
        var system = SystemFields.All;
        _names = new string[system.Count + definition.Fields.Count];
        _ordinals = new int[_names.Length];
        for (var i = 0; i < system.Count; i++)
        {
            _names[i] = system[i];
        }
        for (var i = 0; i < definition.Fields.Count; i++)
        {
            _names[system.Count + i] = definition.Fields[i].Name;
        }
        for (var slot = 0; slot < _names.Length; slot++)
        {
            _ordinals[slot] = -1;
            for (var ordinal = 0; ordinal < columns.Count; ordinal++)
            {
                if (string.Equals(columns[ordinal], _names[slot], StringComparison.Ordinal))
                {
                    _ordinals[slot] = ordinal;
                    break;
                }
            }
        }
        ColumnCount = columns.Count;
    }

    /// <summary>The number of slots (system fields plus declared fields).</summary>
    public int Count => _ordinals.Length;

    /// <summary>The number of columns of the row this layout reads.</summary>
    public int ColumnCount { get; }

    /// <summary>The row ordinal of slot <paramref name="slot"/>, or -1 when the row does not carry that field.</summary>
    public int this[int slot] => _ordinals[slot];

    /// <summary>The field name of slot <paramref name="slot"/>.</summary>
    public string NameOf(int slot) => _names[slot];

    /// <summary>
    /// The layout of rows of <paramref name="definition"/> whose columns are <paramref name="columns"/> (field names, in
    /// row order), computed once per distinct column list and cached. Names that are no field are ignored.
    /// </summary>
    public static RowLayout For(ObjectDefinition definition, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(columns);
        var key = (definition, string.Join('\n', columns));
        if (Cache.TryGetValue(key, out var cached))
        {
            return cached;
        }
        return Cache.GetOrAdd(key, new RowLayout(definition, columns));
    }

    /// <summary>Builds the <see cref="Record"/> the row represents (the fallback for entities without a generated reader).</summary>
    public Record ToRecord<TRow>(ref TRow row)
        where TRow : IRowSource, allows ref struct
    {
        var record = new Record(ColumnCount);
        for (var slot = 0; slot < _ordinals.Length; slot++)
        {
            var ordinal = _ordinals[slot];
            if (ordinal >= 0)
            {
                record[_names[slot]] = row.IsNull(ordinal) ? null : row.GetValue(ordinal);
            }
        }
        return record;
    }

    // Definitions are compared by reference: one model's definition is one instance.
    private sealed class LayoutKeyComparer : IEqualityComparer<(ObjectDefinition Definition, string Columns)>
    {
        public static readonly LayoutKeyComparer Instance = new();

        public bool Equals((ObjectDefinition Definition, string Columns) x, (ObjectDefinition Definition, string Columns) y) =>
            ReferenceEquals(x.Definition, y.Definition) && string.Equals(x.Columns, y.Columns, StringComparison.Ordinal);

        public int GetHashCode((ObjectDefinition Definition, string Columns) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Definition), StringComparer.Ordinal.GetHashCode(obj.Columns));
    }
}
