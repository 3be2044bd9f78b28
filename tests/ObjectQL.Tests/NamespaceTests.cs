using System.ComponentModel;
using System.Reflection;

namespace ObjectQL.Tests;

/// <summary>The namespace rule of docs/architecture.md, for what a user's IntelliSense offers.</summary>
public class NamespaceTests
{
    private static readonly Type[] Exported = typeof(IEntity).Assembly.GetExportedTypes();

    [Test]
    public void Helpers_only_generated_code_calls_live_apart_and_are_hidden_from_IntelliSense()
    {
        var helpers = Exported.Where(static t => t.Namespace == "ObjectQL.Entities.Generated").ToList();
        Assert.That(helpers.Select(static t => t.Name), Is.EquivalentTo(new[] { "EntityJson", "FieldValues", "FormulaValues", "IRowSource", "IRowTarget", "RowLayout" }));
        Assert.That(helpers.Where(static t => !IsHidden(t)).Select(static t => t.Name), Is.Empty);
    }

    [Test]
    public void The_root_namespace_hides_nothing_it_holds()
    {
        var root = Exported.Where(static t => t.Namespace == "ObjectQL").ToList();
        Assert.That(root.Select(static t => t.Name), Does.Contain("IEntity`1").And.Contain("Record").And.Contain("ObjectQLException"));
        Assert.That(root.Where(IsHidden).Select(static t => t.Name), Is.Empty);
    }

    private static bool IsHidden(Type type) =>
        type.GetCustomAttribute<EditorBrowsableAttribute>()?.State == EditorBrowsableState.Never;
}
