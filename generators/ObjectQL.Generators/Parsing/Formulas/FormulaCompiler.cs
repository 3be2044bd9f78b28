using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ObjectQL.Generators.Emit;

namespace ObjectQL.Generators.Parsing.Formulas;

/// <summary>One compiled piece: its type, its C# text, and its SQL text when it has an identical SQL form.</summary>
internal readonly record struct Compiled(FormulaType Type, string CSharp, string? Sql);

/// <summary>A stored field a formula may read: its formula type and whether it is stored as a decimal.</summary>
internal readonly record struct FormulaField(string Name, FormulaType Type, bool IsDecimal);

/// <summary>
/// Type-checks a parsed formula against the object's fields and compiles it to C# (over one parameter per field
/// read, named <c>@field</c>) and, where every part has an identical SQL form on SQLite and PostgreSQL, to SQL.
/// </summary>
internal sealed class FormulaCompiler
{
    private const string Values = "global::ObjectQL.Entities.Generated.FormulaValues";

    private readonly IReadOnlyDictionary<string, FormulaField?> _fields;
    private readonly SortedDictionary<string, FormulaField> _used = new(System.StringComparer.Ordinal);
    private int _temporaries;

    // A null entry is a field that exists but cannot be read by formulas (its reason is in the message).
    private FormulaCompiler(IReadOnlyDictionary<string, FormulaField?> fields) => _fields = fields;

    /// <summary>The fields read, in name order.</summary>
    public IReadOnlyCollection<FormulaField> Used => _used.Values;

    public static (Compiled Result, IReadOnlyCollection<FormulaField> Used) Compile(FormulaNode node, IReadOnlyDictionary<string, FormulaField?> fields)
    {
        var compiler = new FormulaCompiler(fields);
        return (compiler.Visit(node), compiler.Used);
    }

    private Compiled Visit(FormulaNode node) => node switch
    {
        NumberNode n => new(FormulaType.Number, $"(double?){Literals.Double(n.Value)}", $"CAST({SqlNumber(n.Value)} AS DOUBLE PRECISION)"),
        TextNode t => new(FormulaType.Text, Literals.String(t.Value), "'" + t.Value.Replace("'", "''") + "'"),
        BooleanNode b => new(FormulaType.Boolean, $"(bool?){Literals.Bool(b.Value)}", b.Value ? "TRUE" : "FALSE"),
        FieldNode f => Field(f),
        UnaryNode u => Unary(u),
        BinaryNode b => Binary(b),
        CallNode c => Call(c),
        _ => throw Unsupported(node, "this construct is not supported"),
    };

    private Compiled Field(FieldNode node)
    {
        if (!_fields.TryGetValue(node.Name, out var field))
        {
            throw new FormulaException(DiagnosticIds.UnknownFieldReference, node.Start, node.Length, "") { Field = node.Name };
        }
        if (field is not { } f)
        {
            throw Error(node, $"field '{node.Name}' cannot be read by a formula: only single number, currency, percent, text-like, select, lookup, boolean, date and datetime fields can");
        }
        _used[f.Name] = f;
        var quoted = "\"" + f.Name + "\"";
        string? sql = f.Type switch
        {
            FormulaType.Number => f.IsDecimal ? $"CAST({quoted} AS DOUBLE PRECISION)" : quoted,
            FormulaType.Text or FormulaType.Boolean => quoted,
            // Dates are stored as text on SQLite and as dates on PostgreSQL: no identical form.
            _ => null,
        };
        return new(f.Type, "@" + f.Name, sql);
    }

    private Compiled Unary(UnaryNode node)
    {
        var operand = Visit(node.Operand);
        if (node.Operator == "-")
        {
            Require(node.Operand, operand, FormulaType.Number, "'-'");
            return new(FormulaType.Number, $"(-{operand.CSharp})", Sql(operand, o => $"(-{o})"));
        }
        Require(node.Operand, operand, FormulaType.Boolean, "NOT");
        return new(FormulaType.Boolean, $"(!{operand.CSharp})", Sql(operand, o => $"(NOT {o})"));
    }

    private Compiled Binary(BinaryNode node)
    {
        var left = Visit(node.Left);
        var right = Visit(node.Right);
        switch (node.Operator)
        {
            case "AND":
            case "OR":
                Require(node.Left, left, FormulaType.Boolean, node.Operator);
                Require(node.Right, right, FormulaType.Boolean, node.Operator);
                var op = node.Operator == "AND" ? "&" : "|";
                // bool? & and | are three-valued, as SQL's AND and OR.
                return new(FormulaType.Boolean, $"({left.CSharp} {op} {right.CSharp})", Sql(left, right, (l, r) => $"({l} {node.Operator} {r})"));
            case "&":
                Require(node.Left, left, FormulaType.Text, "'&'");
                Require(node.Right, right, FormulaType.Text, "'&'");
                return Concat(left, right);
            case "+":
            case "-":
                return Additive(node, left, right);
            case "*":
                RequireNumbers(node, left, right);
                return new(FormulaType.Number, $"({left.CSharp} * {right.CSharp})", Sql(left, right, (l, r) => $"({l} * {r})"));
            case "/":
                RequireNumbers(node, left, right);
                return new(FormulaType.Number, $"{Values}.Divide({left.CSharp}, {right.CSharp})", Sql(left, right, (l, r) => $"({l} / NULLIF({r}, 0))"));
            default:
                return Comparison(node, left, right);
        }
    }

    private static Compiled Concat(Compiled left, Compiled right) =>
        new(FormulaType.Text, $"{Values}.Concat({left.CSharp}, {right.CSharp})", Sql(left, right, (l, r) => $"(COALESCE({l}, '') || COALESCE({r}, ''))"));

    private Compiled Additive(BinaryNode node, Compiled left, Compiled right)
    {
        var plus = node.Operator == "+";
        switch (left.Type, right.Type)
        {
            case (FormulaType.Number, FormulaType.Number):
                return new(FormulaType.Number, $"({left.CSharp} {node.Operator} {right.CSharp})", Sql(left, right, (l, r) => $"({l} {node.Operator} {r})"));
            case (FormulaType.Text, FormulaType.Text) when plus:
                return Concat(left, right);
            case (FormulaType.Date or FormulaType.DateTime, FormulaType.Number):
                return new(left.Type, $"{Values}.AddDays({left.CSharp}, {(plus ? right.CSharp : $"-{right.CSharp}")})", null);
            case (FormulaType.Number, FormulaType.Date or FormulaType.DateTime) when plus:
                return new(right.Type, $"{Values}.AddDays({right.CSharp}, {left.CSharp})", null);
            case (FormulaType.Date, FormulaType.Date) when !plus:
            case (FormulaType.DateTime, FormulaType.DateTime) when !plus:
                return new(FormulaType.Number, $"{Values}.DaysBetween({left.CSharp}, {right.CSharp})", null);
            default:
                throw Error(node, $"'{node.Operator}' does not apply to {FormulaTypes.Name(left.Type)} and {FormulaTypes.Name(right.Type)}" +
                    (plus ? "; it adds numbers, adds days to a date, or joins two texts" : "; it subtracts numbers, days from a date, or two dates"));
        }
    }

    private Compiled Comparison(BinaryNode node, Compiled left, Compiled right)
    {
        if (left.Type != right.Type)
        {
            throw Error(node, $"'{node.Operator}' compares values of one type, not {FormulaTypes.Name(left.Type)} with {FormulaTypes.Name(right.Type)}");
        }
        if (node.Operator is "=" or "<>")
        {
            var equal = $"{Values}.Equal({left.CSharp}, {right.CSharp})";
            return new(FormulaType.Boolean, node.Operator == "=" ? equal : $"(!{equal})", Sql(left, right, (l, r) => $"({l} {node.Operator} {r})"));
        }
        if (left.Type == FormulaType.Boolean)
        {
            throw Error(node, $"'{node.Operator}' does not order booleans");
        }
        var sign = "c" + (_temporaries++).ToString(CultureInfo.InvariantCulture);
        var csharp = $"({Values}.Compare({left.CSharp}, {right.CSharp}) is int {sign} ? {sign} {node.Operator} 0 : (bool?)null)";
        // Text ordering is left to C# only: collations differ between stores; numbers compare identically.
        var sql = left.Type == FormulaType.Number ? Sql(left, right, (l, r) => $"({l} {node.Operator} {r})") : null;
        return new(FormulaType.Boolean, csharp, sql);
    }

    private Compiled Call(CallNode node)
    {
        var args = node.Arguments.Select(Visit).ToList();
        switch (node.Name)
        {
            case "IF":
                Arity(node, 3);
                Require(node.Arguments[0], args[0], FormulaType.Boolean, "IF's condition");
                Same(node, args[1], args[2], "IF's two results");
                return new(args[1].Type, $"({args[0].CSharp} == true ? {args[1].CSharp} : {args[2].CSharp})",
                    Sql(args, a => $"(CASE WHEN {a[0]} THEN {a[1]} ELSE {a[2]} END)"));
            case "ISBLANK":
                Arity(node, 1);
                return args[0].Type == FormulaType.Text
                    ? new(FormulaType.Boolean, $"(bool?){Values}.IsBlank({args[0].CSharp})", Sql(args, a => $"({a[0]} IS NULL OR {a[0]} = '')"))
                    : new(FormulaType.Boolean, $"(bool?)({args[0].CSharp} == null)", Sql(args, a => $"({a[0]} IS NULL)"));
            case "BLANKVALUE":
                Arity(node, 2);
                Same(node, args[0], args[1], "BLANKVALUE's value and fallback");
                return args[0].Type == FormulaType.Text
                    ? new(FormulaType.Text, $"{Values}.BlankValue({args[0].CSharp}, {args[1].CSharp})", Sql(args, a => $"COALESCE(NULLIF({a[0]}, ''), {a[1]})"))
                    : new(args[0].Type, $"({args[0].CSharp} ?? {args[1].CSharp})", Sql(args, a => $"COALESCE({a[0]}, {a[1]})"));
            case "ABS":
                Arity(node, 1);
                Require(node.Arguments[0], args[0], FormulaType.Number, "ABS");
                return new(FormulaType.Number, $"{Values}.Abs({args[0].CSharp})", Sql(args, a => $"ABS({a[0]})"));
            case "ROUND":
                if (args.Count == 1)
                {
                    args.Add(new Compiled(FormulaType.Number, "(double?)0", null));
                }
                Arity(node, 2, args.Count);
                Require(node.Arguments[0], args[0], FormulaType.Number, "ROUND");
                Require(node.Arguments[args.Count == node.Arguments.Count ? 1 : 0], args[1], FormulaType.Number, "ROUND's digits");
                return new(FormulaType.Number, $"{Values}.Round({args[0].CSharp}, {args[1].CSharp})", null);
            case "LEN":
                Arity(node, 1);
                Require(node.Arguments[0], args[0], FormulaType.Text, "LEN");
                return new(FormulaType.Number, $"(double?){Values}.Len({args[0].CSharp})", null);
            case "UPPER":
            case "LOWER":
            case "TRIM":
                Arity(node, 1);
                Require(node.Arguments[0], args[0], FormulaType.Text, node.Name);
                var method = node.Name == "UPPER" ? "ToUpperInvariant" : node.Name == "LOWER" ? "ToLowerInvariant" : "Trim";
                return new(FormulaType.Text, $"{args[0].CSharp}?.{method}()", null);
            case "TODAY":
            case "NOW":
                throw Unsupported(node, $"{node.Name}() is not supported: a formula depends only on its record, so every store and every read computes the same value; compare with a date given in the query instead");
            default:
                throw Unsupported(node, $"'{node.Name}' is not a formula function; the functions are IF, ISBLANK, BLANKVALUE, ABS, ROUND, LEN, UPPER, LOWER and TRIM");
        }
    }

    private void Arity(CallNode node, int count, int? given = null)
    {
        if ((given ?? node.Arguments.Count) != count)
        {
            throw Error(node, $"{node.Name} takes {count} argument{(count == 1 ? "" : "s")}, not {node.Arguments.Count}");
        }
    }

    private static void Require(FormulaNode node, Compiled value, FormulaType type, string what)
    {
        if (value.Type != type)
        {
            throw new FormulaException(DiagnosticIds.FormulaTypeMismatch, node.Start, node.Length,
                $"{what} needs {Article(type)}, not {Article(value.Type)}");
        }
    }

    private static void RequireNumbers(BinaryNode node, Compiled left, Compiled right)
    {
        Require(node.Left, left, FormulaType.Number, $"'{node.Operator}'");
        Require(node.Right, right, FormulaType.Number, $"'{node.Operator}'");
    }

    private static void Same(CallNode node, Compiled a, Compiled b, string what)
    {
        if (a.Type != b.Type)
        {
            throw new FormulaException(DiagnosticIds.FormulaTypeMismatch, node.Start, node.Length,
                $"{what} must have one type, not {FormulaTypes.Name(a.Type)} and {FormulaTypes.Name(b.Type)}");
        }
    }

    private static string Article(FormulaType type) => type switch
    {
        FormulaType.Number => "a number",
        FormulaType.Boolean => "a boolean",
        FormulaType.Date => "a date",
        FormulaType.DateTime => "a datetime",
        _ => "text",
    };

    private static string? Sql(Compiled operand, System.Func<string, string> build) => operand.Sql is { } o ? build(o) : null;

    private static string? Sql(Compiled left, Compiled right, System.Func<string, string, string> build) =>
        left.Sql is { } l && right.Sql is { } r ? build(l, r) : null;

    private static string? Sql(List<Compiled> args, System.Func<string[], string> build) =>
        args.All(static a => a.Sql is not null) ? build(args.Select(static a => a.Sql!).ToArray()) : null;

    // Written with a decimal point or exponent, and cast, so SQLite never does integer division.
    private static string SqlNumber(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 ? text : text + ".0";
    }

    private static FormulaException Unsupported(FormulaNode node, string message) =>
        new(DiagnosticIds.InvalidFormula, node.Start, node.Length, message);

    private static FormulaException Error(FormulaNode node, string message) =>
        new(DiagnosticIds.FormulaTypeMismatch, node.Start, node.Length, message);
}
