using System.Collections.Generic;

namespace ObjectQL.Generators.Emit;

/// <summary>Emits <c>WriteRow</c> (every stored field handed to a row target by slot, typed, with no record) and <c>Copy</c>.</summary>
internal static partial class EntityEmitter
{
    private static void EmitWriteRow(CodeWriter w, string self, List<FieldShape> shapes)
    {
        w.Line("/// <summary>Hands every stored field to <paramref name=\"target\"/> by slot, with the typed method of its C# type; the values equal <see cref=\"ToRecord\"/>'s.</summary>");
        w.Open($"public static void WriteRow<TTarget>({self} entity, ref TTarget target) where TTarget : {RuntimeTypes.IRowTarget}, allows ref struct");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(entity);");
        // Slots follow RowLayout: the system fields in SystemFields.All order, then the declared fields in order.
        var slot = 0;
        foreach (var system in SystemProperty.All)
        {
            var writer = "Write" + FieldShape.RowMethod(system.Kind);
            if (system.IsVersion)
            {
                w.Line($"target.{writer}({Literals.Int(slot++)}, entity.{system.Property});");
            }
            else
            {
                WriteNullable(w, slot++, "entity." + system.Property, writer);
            }
        }
        foreach (var shape in shapes)
        {
            var index = slot++;
            if (shape.IsComputed)
            {
                continue;
            }
            var property = "entity." + shape.Field.PropertyName;
            var writer = TypedWriter(shape);
            if (writer is null)
            {
                WriteNullable(w, index, $"(object?)({shape.ToCanonical(property)})", "WriteValue");
            }
            else if (shape.IsValueType && shape.Field.Required)
            {
                w.Line($"target.{writer}({Literals.Int(index)}, {property});");
            }
            else
            {
                WriteNullable(w, index, property, writer);
            }
        }
        w.Close();
        w.Line();
        w.Line("/// <summary>A shallow copy of <paramref name=\"entity\"/>: list and array values are shared.</summary>");
        w.Line($"public static {self} Copy({self} entity) => ({self})(entity ?? throw new global::System.ArgumentNullException(nameof(entity))).MemberwiseClone();");
        w.Line();
    }

    private static void WriteNullable(CodeWriter w, int slot, string expression, string writer)
    {
        var index = Literals.Int(slot);
        w.Line($"if ({expression} is {{ }} v{index}) target.{writer}({index}, v{index}); else target.WriteNull({index});");
    }

    // The typed target method of one single value, or null when the value goes in its canonical form (lists, JSON,
    // vectors and select options, as ToRecord writes them).
    private static string? TypedWriter(FieldShape shape) =>
        shape.Field.Multiple || shape.IsEnum || FieldShape.RowMethod(shape.Kind) is not { } method ? null : "Write" + method;
}
