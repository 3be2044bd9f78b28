using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Emit;

internal static partial class EntityEmitter
{
    /// <summary>An enum per select field, and a mapping class between its members and the stored option values.</summary>
    private static void EmitEnum(CodeWriter w, ObjectSpec spec, FieldSpec field)
    {
        var enumName = field.EnumName!;
        w.Line($"/// <summary>The options of field <c>{Xml(field.Name)}</c> of <c>{Xml(spec.Name)}</c>.</summary>");
        w.Open($"public enum {enumName}");
        foreach (var option in field.Options)
        {
            w.Line($"/// <summary>{Xml(option.Label)} (stored as <c>{Xml(option.Value)}</c>).</summary>");
            w.Line($"{option.MemberName},");
        }
        w.Close();
        w.Line();
        w.Line($"/// <summary>Maps <see cref=\"{enumName}\"/> members to and from the option values stored in records.</summary>");
        w.Open($"public static class {enumName}Options");
        w.Line("/// <summary>The stored option value of <paramref name=\"value\"/>: a string, or a double for numeric options.</summary>");
        w.Open($"public static object ToValue({enumName} value)");
        w.Open("switch (value)");
        foreach (var option in field.Options)
        {
            var literal = option.IsNumber
                ? Literals.Double(double.Parse(option.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture))
                : Literals.String(option.Value);
            w.Line($"case {enumName}.{option.MemberName}: return {literal};");
        }
        w.Line($"default: throw new global::System.ArgumentOutOfRangeException(nameof(value), value, \"Not an option of field '{Xml(field.Name)}'.\");");
        w.Close();
        w.Close();
        w.Line();
        w.Line("/// <summary>The member for a stored option value; throws an INVALID_REQUEST error naming <paramref name=\"field\"/> for anything else.</summary>");
        w.Open($"public static {enumName} FromValue(object? value, string field)");
        var hasNumbers = false;
        var hasTexts = false;
        foreach (var option in field.Options)
        {
            hasNumbers |= option.IsNumber;
            hasTexts |= !option.IsNumber;
        }
        var keyword = "if";
        if (hasTexts)
        {
            w.Open("if (value is string text)");
            w.Open("switch (text)");
            foreach (var option in field.Options)
            {
                if (!option.IsNumber)
                {
                    w.Line($"case {Literals.String(option.Value)}: return {enumName}.{option.MemberName};");
                }
            }
            w.Close();
            w.Close();
            keyword = "else if";
        }
        if (hasNumbers)
        {
            w.Open($"{keyword} (value is double or float or int or long or short or byte or decimal)");
            w.Line($"var number = {RuntimeTypes.FieldValues}.ToNumber(value, field);");
            foreach (var option in field.Options)
            {
                if (option.IsNumber)
                {
                    var literal = Literals.Double(double.Parse(option.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture));
                    w.Line($"if (number == {literal}) return {enumName}.{option.MemberName};");
                }
            }
            w.Close();
            keyword = "else if";
        }
        w.Open($"{keyword} (value is {enumName} member && global::System.Enum.IsDefined(member))");
        w.Line("return member;");
        w.Close();
        w.Line($"throw {RuntimeTypes.FieldValues}.NotAnOption(field, value);");
        w.Close();
        w.Close();
        w.Line();
    }
}
