using ObjectQL.Metadata;

namespace ObjectQL.Testing;

public static partial class TestModels
{
    /// <summary><c>rel_company</c>: name and the tenant field <c>space_id</c>.</summary>
    public static ObjectDefinition Company { get; } = Object("rel_company",
        Field("name", FieldType.Text) with { Required = true },
        Field("space_id", FieldType.Text));

    /// <summary><c>rel_person</c>: name, <c>company</c> (lookup, set_null by default), <c>mentor</c> (lookup to itself), space_id.</summary>
    public static ObjectDefinition Person { get; } = Object("rel_person",
        Field("name", FieldType.Text) with { Required = true },
        Field("company", FieldType.Lookup) with { ReferenceTo = "rel_company" },
        Field("mentor", FieldType.Lookup) with { ReferenceTo = "rel_person" },
        Field("space_id", FieldType.Text));

    /// <summary><c>rel_project</c>: name and <c>company</c> (master_detail, cascade by default).</summary>
    public static ObjectDefinition RelProject { get; } = Object("rel_project",
        Field("name", FieldType.Text) with { Required = true },
        Field("company", FieldType.MasterDetail) with { ReferenceTo = "rel_company", Required = true });

    /// <summary><c>rel_task</c>: title, <c>project</c> (master_detail, cascade), <c>assignees</c> (multiple lookup to rel_person).</summary>
    public static ObjectDefinition RelTask { get; } = Object("rel_task",
        Field("title", FieldType.Text) with { Required = true },
        Field("project", FieldType.MasterDetail) with { ReferenceTo = "rel_project", Required = true },
        Field("assignees", FieldType.Lookup) with { ReferenceTo = "rel_person", Multiple = true });

    /// <summary><c>rel_contract</c>: title and <c>company</c> (lookup with deleteBehavior restrict).</summary>
    public static ObjectDefinition Contract { get; } = Object("rel_contract",
        Field("title", FieldType.Text),
        Field("company", FieldType.Lookup) with { ReferenceTo = "rel_company", DeleteBehavior = DeleteBehavior.Restrict });

    /// <summary>The model of the kit's relationship cases: companies, people, projects, tasks and contracts.</summary>
    public static ObjectModel Relations { get; } = new([Company, Person, RelProject, RelTask, Contract]);
}
