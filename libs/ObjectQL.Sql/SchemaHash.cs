using System.Globalization;
using System.Text;

namespace ObjectQL.Sql;

/// <summary>
/// A fingerprint of the schema a model asks for: the statements this version would create its tables, indexes and
/// foreign keys with on an empty store, and the state it records per object. Schema sync stores it beside the states
/// (<see cref="SchemaStates"/>) when a driver trusts its store (<see cref="SqlDriver.TrustStoredSchema"/>); an open whose
/// model gives the stored fingerprint skips the check, because the sync that stored it left the store in that shape and
/// nothing else changes such a store. A changed model, or a version that writes its schema differently, gives another.
/// </summary>
internal static class SchemaHash
{
    /// <summary>The state row that holds the fingerprint; no object can have an empty name.</summary>
    public const string RowName = "";

    /// <summary>The fingerprint of <paramref name="tables"/> with or without foreign keys, as 16 hex digits and the text's length.</summary>
    public static string Of(IReadOnlyList<SqlTable> tables, bool foreignKeys)
    {
        var text = new StringBuilder();
        text.Append(tables.Count == 0 ? "-" : tables[0].Dialect.Name).Append('\n');
        if (SqlSequences.Needed(tables))
        {
            text.Append(SqlSequences.CreateTableSql).Append('\n');
        }
        foreach (var table in tables)
        {
            var dialect = table.Dialect;
            IReadOnlyList<SqlForeignKey> keys = foreignKeys ? SqlForeignKey.For(table, tables) : [];
            text.Append(dialect.DeclaresForeignKeysWithColumns && keys.Count > 0 ? dialect.CreateTable(table, keys) : dialect.CreateTable(table)).Append('\n');
            foreach (var index in table.Indexes)
            {
                text.Append(dialect.CreateIndex(table, index)).Append('\n');
            }
            if (!dialect.DeclaresForeignKeysWithColumns)
            {
                foreach (var key in keys)
                {
                    text.Append(dialect.AddForeignKey(table, key, notValid: false)).Append('\n');
                }
            }
            var state = ObjectState.Of(table);
            text.Append(table.Definition.Name).Append('\t').Append(state.Table).Append('\n')
                .Append(state.FieldsText).Append('\n').Append(state.IndexesText).Append('\n');
        }
        // FNV-1a over the text: it only has to tell this library's own schemas apart, not resist anyone.
        var hash = 14695981039346656037UL;
        foreach (var c in text.ToString())
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture) + ":" + text.Length.ToString(CultureInfo.InvariantCulture);
    }
}
