using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ObjectQL.Generators.Parsing.Formulas;

/// <summary>
/// Reads a formula expression (the grammar in docs/computed-fields.md) into <see cref="FormulaNode"/>s. Precedence,
/// lowest first: <c>OR</c>, <c>AND</c>, <c>NOT</c>, comparisons, <c>&amp;</c>, <c>+ -</c>, <c>* /</c>, unary minus.
/// </summary>
internal sealed class FormulaParser
{
    private readonly string _text;
    private int _position;

    private FormulaParser(string text) => _text = text;

    public static FormulaNode Parse(string text)
    {
        var parser = new FormulaParser(text);
        parser.SkipSpace();
        if (parser._position >= text.Length)
        {
            throw parser.Error(0, text.Length, "the expression is empty");
        }
        var node = parser.Or();
        parser.SkipSpace();
        if (parser._position < text.Length)
        {
            throw parser.Error(parser._position, 1, $"'{text[parser._position]}' is not expected here");
        }
        return node;
    }

    private FormulaNode Or()
    {
        var left = And();
        while (TakeWord("OR") || Take("||"))
        {
            left = Binary("OR", left, And());
        }
        return left;
    }

    private FormulaNode And()
    {
        var left = Not();
        while (TakeWord("AND") || Take("&&"))
        {
            left = Binary("AND", left, Not());
        }
        return left;
    }

    private FormulaNode Not()
    {
        SkipSpace();
        var start = _position;
        if (TakeWord("NOT") || (Peek("!") && !Peek("!=") && Take("!")))
        {
            var operand = Not();
            return new UnaryNode(start, operand.Start + operand.Length - start, "NOT", operand);
        }
        return Comparison();
    }

    private FormulaNode Comparison()
    {
        var left = Concat();
        foreach (var (token, op) in ComparisonOperators)
        {
            if (Take(token))
            {
                var right = Concat();
                SkipSpace();
                if (IsComparisonAhead())
                {
                    throw Error(_position, 1, "comparisons do not chain; join them with AND");
                }
                return Binary(op, left, right);
            }
        }
        return left;
    }

    private static readonly (string Token, string Op)[] ComparisonOperators =
    {
        ("==", "="), ("!=", "<>"), ("<>", "<>"), ("<=", "<="), (">=", ">="), ("=", "="), ("<", "<"), (">", ">"),
    };

    private bool IsComparisonAhead()
    {
        foreach (var (token, _) in ComparisonOperators)
        {
            if (Peek(token))
            {
                return true;
            }
        }
        return false;
    }

    private FormulaNode Concat()
    {
        var left = Additive();
        while (Peek("&") && !Peek("&&") && Take("&"))
        {
            left = Binary("&", left, Additive());
        }
        return left;
    }

    private FormulaNode Additive()
    {
        var left = Multiplicative();
        while (true)
        {
            if (Take("+"))
            {
                left = Binary("+", left, Multiplicative());
            }
            else if (Take("-"))
            {
                left = Binary("-", left, Multiplicative());
            }
            else
            {
                return left;
            }
        }
    }

    private FormulaNode Multiplicative()
    {
        var left = Unary();
        while (true)
        {
            if (Take("*"))
            {
                left = Binary("*", left, Unary());
            }
            else if (Take("/"))
            {
                left = Binary("/", left, Unary());
            }
            else
            {
                return left;
            }
        }
    }

    private FormulaNode Unary()
    {
        SkipSpace();
        var start = _position;
        if (Take("-"))
        {
            var operand = Unary();
            return new UnaryNode(start, operand.Start + operand.Length - start, "-", operand);
        }
        return Primary();
    }

    private FormulaNode Primary()
    {
        SkipSpace();
        var start = _position;
        if (_position >= _text.Length)
        {
            throw Error(_text.Length, 0, "the expression ends too early");
        }
        var c = _text[_position];
        if (c == '(')
        {
            _position++;
            var inner = Or();
            Expect(")", start);
            return inner;
        }
        if (char.IsDigit(c) || (c == '.' && _position + 1 < _text.Length && char.IsDigit(_text[_position + 1])))
        {
            return Number();
        }
        if (c == '"' || c == '\'')
        {
            return Text(c);
        }
        if (char.IsLetter(c) || c == '_')
        {
            var name = Identifier();
            var upper = name.ToUpperInvariant();
            if (upper is "TRUE" or "FALSE")
            {
                return new BooleanNode(start, name.Length, upper == "TRUE");
            }
            if (upper is "NULL")
            {
                throw Error(start, name.Length, "there is no NULL literal; test for a blank value with ISBLANK(x) and supply one with BLANKVALUE(x, fallback)");
            }
            SkipSpace();
            if (Take("("))
            {
                var arguments = new List<FormulaNode>();
                SkipSpace();
                if (!Take(")"))
                {
                    do
                    {
                        arguments.Add(Or());
                    }
                    while (Take(","));
                    Expect(")", start);
                }
                return new CallNode(start, _position - start, upper, arguments);
            }
            return new FieldNode(start, name.Length, name);
        }
        throw Error(_position, 1, $"'{c}' is not part of the formula language (see docs/computed-fields.md)");
    }

    private FormulaNode Number()
    {
        var start = _position;
        while (_position < _text.Length && (char.IsDigit(_text[_position]) || _text[_position] == '.'))
        {
            _position++;
        }
        if (_position < _text.Length && (_text[_position] == 'e' || _text[_position] == 'E'))
        {
            _position++;
            if (_position < _text.Length && (_text[_position] == '+' || _text[_position] == '-'))
            {
                _position++;
            }
            while (_position < _text.Length && char.IsDigit(_text[_position]))
            {
                _position++;
            }
        }
        var token = _text.Substring(start, _position - start);
        if (!double.TryParse(token, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            || double.IsInfinity(value))
        {
            throw Error(start, token.Length, $"'{token}' is not a number");
        }
        return new NumberNode(start, token.Length, value);
    }

    // A quote inside text is written twice ('it''s').
    private FormulaNode Text(char quote)
    {
        var start = _position++;
        var text = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error(start, _text.Length - start, "the text is not closed");
            }
            var c = _text[_position++];
            if (c == quote)
            {
                if (_position < _text.Length && _text[_position] == quote)
                {
                    text.Append(quote);
                    _position++;
                    continue;
                }
                return new TextNode(start, _position - start, text.ToString());
            }
            text.Append(c);
        }
    }

    private string Identifier()
    {
        var start = _position;
        while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] == '_'))
        {
            _position++;
        }
        return _text.Substring(start, _position - start);
    }

    private BinaryNode Binary(string op, FormulaNode left, FormulaNode right) =>
        new(left.Start, right.Start + right.Length - left.Start, op, left, right);

    private void Expect(string token, int openedAt)
    {
        if (!Take(token))
        {
            throw _position < _text.Length
                ? Error(_position, 1, $"'{_text[_position]}' is not expected here; '{token}' was")
                : Error(openedAt, _text.Length - openedAt, $"'{token}' is missing");
        }
    }

    private bool Peek(string token)
    {
        SkipSpace();
        return string.CompareOrdinal(_text, _position, token, 0, token.Length) == 0;
    }

    private bool Take(string token)
    {
        if (!Peek(token))
        {
            return false;
        }
        _position += token.Length;
        return true;
    }

    private bool TakeWord(string word)
    {
        SkipSpace();
        var end = _position + word.Length;
        if (end > _text.Length || string.Compare(_text, _position, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0
            || (end < _text.Length && (char.IsLetterOrDigit(_text[end]) || _text[end] == '_')))
        {
            return false;
        }
        _position = end;
        return true;
    }

    private void SkipSpace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private FormulaException Error(int start, int length, string message) =>
        new(DiagnosticIds.InvalidFormula, start, length, message);
}
