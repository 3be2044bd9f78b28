using System.Text.Json;

namespace ObjectQL.Querying;

/// <summary>
/// How deep a filter may nest. Every entry point (JSON text, a parsed <see cref="JsonElement"/>, a hand-built or typed
/// AST) checks it before any other work, without recursion, and refuses a deeper filter with
/// <see cref="ErrorCodes.InvalidRequest"/> (reason <c>too_deep</c>) naming the limit. The limit keeps every store
/// inside its own bounds (SQLite's expression depth of 1,000, PostgreSQL's parser and stack), so a filter that is
/// accepted runs the same on every driver.
/// </summary>
public static class FilterLimits
{
    /// <summary>
    /// The deepest filter accepted: the number of nodes on the longest path from the root to a comparison, counting
    /// every <c>$and</c>, <c>$or</c> and <c>$not</c> (a single comparison is depth 1). <c>$and</c>/<c>$or</c> take any
    /// number of operands, so a wide filter never needs to be deep.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The deepest JSON a filter may be written in: two JSON levels per filter level (<c>{"$and":[ ... ]}</c>) plus
    /// the operator object and operand list of a comparison.
    /// </summary>
    public const int MaxJsonDepth = (2 * MaxDepth) + 4;

    /// <summary>Throws <see cref="ErrorCodes.InvalidRequest"/> when <paramref name="filter"/> nests deeper than <see cref="MaxDepth"/>.</summary>
    public static void CheckDepth(Filter? filter)
    {
        if (filter is null or Filter.Comparison)
        {
            return;
        }
        var pending = new Stack<(Filter Node, int Depth)>();
        pending.Push((filter, 1));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            if (depth > MaxDepth)
            {
                throw TooDeep();
            }
            switch (node)
            {
                case Filter.And and:
                    PushAll(pending, and.Operands, depth + 1);
                    break;
                case Filter.Or or:
                    PushAll(pending, or.Operands, depth + 1);
                    break;
                case Filter.Not not:
                    pending.Push((not.Operand, depth + 1));
                    break;
            }
        }
    }

    /// <summary>Throws <see cref="ErrorCodes.InvalidRequest"/> when the JSON of a filter nests deeper than <see cref="MaxJsonDepth"/>.</summary>
    public static void CheckJsonDepth(JsonElement element)
    {
        if (element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return;
        }
        var pending = new Stack<(JsonElement Node, int Depth)>();
        pending.Push((element, 1));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            if (depth > MaxJsonDepth)
            {
                throw TooDeep();
            }
            if (node.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in node.EnumerateObject())
                {
                    PushContainer(pending, property.Value, depth + 1);
                }
            }
            else
            {
                foreach (var item in node.EnumerateArray())
                {
                    PushContainer(pending, item, depth + 1);
                }
            }
        }
    }

    /// <summary>The error for a filter deeper than the limit.</summary>
    internal static ObjectQLException TooDeep() =>
        ObjectQLException.InvalidRequest(
            $"The filter nests deeper than FilterLimits.MaxDepth ({MaxDepth} levels, {MaxJsonDepth} in JSON); list the conditions side by side in one $and or $or instead of nesting them.",
            "where", "too_deep");

    private static void PushAll(Stack<(Filter, int)> pending, IReadOnlyList<Filter> operands, int depth)
    {
        foreach (var operand in operands)
        {
            if (operand is not Filter.Comparison)
            {
                pending.Push((operand, depth));
            }
            else if (depth > MaxDepth)
            {
                throw TooDeep();
            }
        }
    }

    private static void PushContainer(Stack<(JsonElement, int)> pending, JsonElement value, int depth)
    {
        if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            pending.Push((value, depth));
        }
    }
}
