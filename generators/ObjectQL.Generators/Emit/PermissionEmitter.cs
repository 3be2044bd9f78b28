using System.Collections.Generic;
using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Emit;

/// <summary>Emits a permission file as C# data: a partial of the entity that its definition picks up.</summary>
internal static class PermissionEmitter
{
    private const string Meta = "global::ObjectQL.Metadata";

    public static string Emit(PermissionSpec spec, string ns)
    {
        var w = new CodeWriter(ns);
        w.Open($"public sealed partial class {spec.ClassName}");
        w.Open($"private static {Meta}.PermissionDefinition CreatePermissions() => new {Meta}.PermissionDefinition");
        w.Line($"Name = {Literals.String(spec.Name)},");
        w.Line($"Object = {Literals.String(spec.Object)},");
        w.Line($"Roles = {Literals.StringList(spec.Roles)},");
        w.Line($"ObjectPermissions = new {Meta}.ObjectPermissions").Line("{").Indent();
        w.Line($"Create = {Literals.StringList(spec.Create)},");
        w.Line($"Read = {Literals.StringList(spec.Read)},");
        w.Line($"Update = {Literals.StringList(spec.Update)},");
        w.Line($"Delete = {Literals.StringList(spec.Delete)},");
        w.Line($"ViewAll = {Literals.StringList(spec.ViewAll)},");
        w.Line($"ModifyAll = {Literals.StringList(spec.ModifyAll)},");
        w.Outdent().Line("},");
        w.Line($"FieldPermissions = new {Meta}.FieldPermission[]").Line("{").Indent();
        foreach (var field in spec.FieldPermissions)
        {
            var parts = new List<string> { $"Field = {Literals.String(field.Field)}" };
            if (field.Read is { } read) parts.Add($"Read = {Literals.StringList(read)}");
            if (field.Update is { } update) parts.Add($"Update = {Literals.StringList(update)}");
            w.Line($"new {Meta}.FieldPermission {{ {string.Join(", ", parts)} }},");
        }
        w.Outdent().Line("},");
        w.Line($"RecordRules = new {Meta}.RecordRule[]").Line("{").Indent();
        foreach (var rule in spec.RecordRules)
        {
            w.Line($"new {Meta}.RecordRule {{ Name = {Literals.String(rule.Name)}, Priority = {Literals.Int(rule.Priority)}, " +
                $"Condition = {DefinitionEmitter.Condition(rule.Condition)}, Read = {Literals.Bool(rule.Read)}, " +
                $"Update = {Literals.Bool(rule.Update)}, Delete = {Literals.Bool(rule.Delete)} }},");
        }
        w.Outdent().Line("},");
        w.Close(";");
        w.Close();
        return w.ToString();
    }
}
