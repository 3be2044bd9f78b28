using System.Collections.Generic;

namespace ObjectQL.Generators.Emit;

/// <summary>Emits <c>ReadRow</c>: the entity filled from a store row by typed getters, with no record and no boxing.</summary>
internal static partial class EntityEmitter
{
    private static void EmitReadRow(CodeWriter w, string className, string self, List<FieldShape> shapes)
    {
        w.Line("/// <summary>Builds an entity from a store row: each field the layout places in the row is read with its typed getter; the others keep their defaults.</summary>");
        w.Open($"public static {self} ReadRow<TRow>(ref TRow row, global::ObjectQL.RowLayout layout) where TRow : global::ObjectQL.IRowSource, allows ref struct");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(layout);");
        w.Line($"var entity = new {className}();");
        w.Line("int o;");
        // Slots follow RowLayout: the system fields in SystemFields.All order, then the declared fields in order.
        var slot = 0;
        foreach (var system in SystemFields)
        {
            var getter = system.Type == "string" ? "row.GetString(o)" : "row.GetDateTimeOffset(o)";
            w.Line($"if ((o = layout[{Literals.Int(slot++)}]) >= 0) entity.{system.Property} = row.IsNull(o) ? null : {getter};");
            if (system.Name == "updated_by")
            {
                // _version comes last among the system slots.
                w.Line($"if ((o = layout[{Literals.Int(slot++)}]) >= 0) entity.Version = row.IsNull(o) ? 0L : row.GetInt64(o);");
            }
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
            var whenNull = field.Required ? $"throw global::ObjectQL.FieldValues.NullNotAllowed({name})" : "null";
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
        var name = Literals.String(shape.Field.Name);
        if (shape.Field.Multiple)
        {
            var group = shape.IsEnum ? shape.FromObject : "global::ObjectQL.FieldValues." + shape.FromObject;
            return $"global::ObjectQL.FieldValues.ToList<{shape.ElementType}>(row.GetValue(o), {name}, {group})";
        }
        if (shape.IsEnum)
        {
            return $"{shape.FromObject}(row.GetValue(o), {name})";
        }
        return shape.ElementType switch
        {
            "string" => "row.GetString(o)",
            "double" => "row.GetDouble(o)",
            "decimal" => "row.GetDecimal(o)",
            "bool" => "row.GetBoolean(o)",
            "global::System.DateOnly" => "row.GetDateOnly(o)",
            "global::System.TimeOnly" => "row.GetTimeOnly(o)",
            "global::System.DateTimeOffset" => "row.GetDateTimeOffset(o)",
            _ => $"global::ObjectQL.FieldValues.{shape.FromObject}(row.GetValue(o), {name})",
        };
    }
}
