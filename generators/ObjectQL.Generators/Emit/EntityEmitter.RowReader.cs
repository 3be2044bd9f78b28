using System.Collections.Generic;

namespace ObjectQL.Generators.Emit;

/// <summary>Emits <c>ReadRow</c>: the entity filled from a store row by typed getters, with no record and no boxing.</summary>
internal static partial class EntityEmitter
{
    private static void EmitReadRow(CodeWriter w, string className, string self, List<FieldShape> shapes)
    {
        w.Line("/// <summary>Builds an entity from a store row: each field the layout places in the row is read with its typed getter; the others keep their defaults.</summary>");
        w.Open($"public static {self} ReadRow<TRow>(ref TRow row, {RuntimeTypes.RowLayout} layout) where TRow : {RuntimeTypes.IRowSource}, allows ref struct");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(layout);");
        w.Line($"var entity = new {className}();");
        w.Line("int o;");
        // Slots follow RowLayout: the system fields in SystemFields.All order, then the declared fields in order.
        var slot = 0;
        foreach (var system in SystemProperty.All)
        {
            w.Line($"if ((o = layout[{Literals.Int(slot++)}]) >= 0) entity.{system.Property} = row.IsNull(o) ? {system.Empty} : row.Get{FieldShape.RowMethod(system.Kind)}(o);");
        }
        foreach (var shape in shapes)
        {
            var index = slot++;
            if (shape.IsComputed)
            {
                continue;
            }
            var field = shape.Field;
            var name = Literals.String(field.Name);
            var whenNull = field.Required ? $"throw {RuntimeTypes.FieldValues}.NullNotAllowed({name})" : "null";
            w.Line($"if ((o = layout[{Literals.Int(index)}]) >= 0) entity.{field.PropertyName} = row.IsNull(o) ? {whenNull} : ({shape.PropertyType}){RowGetter(shape)};");
        }
        w.Line("return entity;");
        w.Close();
        w.Line();
    }

    // The typed getter of one non-null value; lists, JSON, vectors and select options go through the canonical value
    // and the same conversion FromRecord uses, so both paths agree.
    private static string RowGetter(FieldShape shape)
    {
        if (shape.Field.Multiple || shape.IsEnum || FieldShape.RowMethod(shape.Kind) is not { } method)
        {
            return shape.FromNonNull("row.GetValue(o)");
        }
        return $"row.Get{method}(o)";
    }
}
