using System.Collections.Generic;

namespace ObjectQL.Generators.Parsing.Formulas;

/// <summary>A node of a parsed formula; <see cref="Start"/> and <see cref="Length"/> locate it in the expression text.</summary>
internal abstract class FormulaNode
{
    protected FormulaNode(int start, int length)
    {
        Start = start;
        Length = length;
    }

    public int Start { get; }

    public int Length { get; }
}

internal sealed class NumberNode(int start, int length, double value) : FormulaNode(start, length)
{
    public double Value { get; } = value;
}

internal sealed class TextNode(int start, int length, string value) : FormulaNode(start, length)
{
    public string Value { get; } = value;
}

internal sealed class BooleanNode(int start, int length, bool value) : FormulaNode(start, length)
{
    public bool Value { get; } = value;
}

internal sealed class FieldNode(int start, int length, string name) : FormulaNode(start, length)
{
    public string Name { get; } = name;
}

/// <summary>A unary operator: <c>-</c> or <c>NOT</c>.</summary>
internal sealed class UnaryNode(int start, int length, string op, FormulaNode operand) : FormulaNode(start, length)
{
    public string Operator { get; } = op;

    public FormulaNode Operand { get; } = operand;
}

/// <summary>A binary operator, written in its canonical spelling (<c>AND</c>, <c>OR</c>, <c>=</c>, <c>&lt;&gt;</c>, ...).</summary>
internal sealed class BinaryNode(int start, int length, string op, FormulaNode left, FormulaNode right) : FormulaNode(start, length)
{
    public string Operator { get; } = op;

    public FormulaNode Left { get; } = left;

    public FormulaNode Right { get; } = right;
}

/// <summary>A function call; <see cref="Name"/> is upper-case.</summary>
internal sealed class CallNode(int start, int length, string name, List<FormulaNode> arguments) : FormulaNode(start, length)
{
    public string Name { get; } = name;

    public List<FormulaNode> Arguments { get; } = arguments;
}
