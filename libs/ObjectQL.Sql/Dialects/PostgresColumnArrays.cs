using System.Globalization;
using System.Text;

namespace ObjectQL.Sql.Dialects;

/// <summary>
/// A chunk of rows turned into one typed array per column, the arguments of <see cref="PostgresDialect.InsertArraysSql"/>:
/// Npgsql writes each in PostgreSQL's binary array form, so a chunk of 1000 rows of 19 columns binds 19 parameters
/// rather than 19,000. Value columns are arrays of nullables (a null element is SQL NULL); a vector column is a text
/// array of PostgreSQL's array literals (<c>{0.5,-1.25}</c>), which the statement casts back, because
/// <c>unnest</c> would flatten an array of arrays into its elements.
/// </summary>
internal sealed class PostgresColumnArrays : SqlColumnArrays
{
    private readonly IReadOnlyList<SqlColumn> _columns;
    private readonly Array[] _arrays;

    public PostgresColumnArrays(IReadOnlyList<SqlColumn> columns, int rows)
    {
        _columns = columns;
        _arrays = new Array[columns.Count];
        for (var i = 0; i < _arrays.Length; i++)
        {
            _arrays[i] = columns[i].Kind switch
            {
                SqlValueKind.Integer => new long?[rows],
                SqlValueKind.Real => new double?[rows],
                SqlValueKind.Decimal => new decimal?[rows],
                SqlValueKind.Boolean => new bool?[rows],
                SqlValueKind.Date => new DateOnly?[rows],
                SqlValueKind.Time => new TimeOnly?[rows],
                SqlValueKind.DateTime => new DateTimeOffset?[rows],
                _ => new string?[rows],
            };
        }
    }

    /// <inheritdoc />
    public override void Set(int row, ReadOnlySpan<SqlArgument> arguments)
    {
        for (var i = 0; i < _arrays.Length; i++)
        {
            var value = arguments[i].Value;
            if (value is null)
            {
                continue;
            }
            switch (_arrays[i])
            {
                case long?[] integers: integers[row] = (long)value; break;
                case double?[] reals: reals[row] = (double)value; break;
                case decimal?[] decimals: decimals[row] = (decimal)value; break;
                case bool?[] booleans: booleans[row] = (bool)value; break;
                case DateOnly?[] dates: dates[row] = (DateOnly)value; break;
                case TimeOnly?[] times: times[row] = (TimeOnly)value; break;
                case DateTimeOffset?[] instants: instants[row] = (DateTimeOffset)value; break;
                case string?[] texts: texts[row] = value as string ?? VectorLiteral((float[])value); break;
            }
        }
    }

    /// <inheritdoc />
    public override SqlArgument[] ToArguments()
    {
        var arguments = new SqlArgument[_arrays.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            var kind = _columns[i].Kind;
            arguments[i] = new SqlArgument(_arrays[i], kind == SqlValueKind.RealArray ? SqlValueKind.Text : kind) { IsArray = true };
        }
        return arguments;
    }

    /// <summary>The type of the array parameter of a column of <paramref name="kind"/>, as the statement casts it.</summary>
    public static string ArrayType(SqlValueKind kind) => kind switch
    {
        SqlValueKind.Integer => "bigint[]",
        SqlValueKind.Real => "double precision[]",
        SqlValueKind.Decimal => "numeric[]",
        SqlValueKind.Boolean => "boolean[]",
        SqlValueKind.Date => "date[]",
        SqlValueKind.Time => "time[]",
        SqlValueKind.DateTime => "timestamptz[]",
        SqlValueKind.Json => "jsonb[]",
        _ => "text[]",
    };

    // float's shortest round-trip form, which PostgreSQL's real input reads back to the same value ("NaN", "Infinity"
    // and "-Infinity" included).
    private static string VectorLiteral(float[] vector)
    {
        var builder = new StringBuilder(2 + vector.Length * 8).Append('{');
        for (var i = 0; i < vector.Length; i++)
        {
            builder.Append(i == 0 ? string.Empty : ",").Append(vector[i].ToString("R", CultureInfo.InvariantCulture));
        }
        return builder.Append('}').ToString();
    }
}
