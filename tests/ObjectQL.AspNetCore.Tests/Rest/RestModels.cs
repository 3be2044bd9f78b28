using ObjectQL.Metadata;
using static ObjectQL.Testing.TestModels;

namespace ObjectQL.AspNetCore.Tests.Rest;

/// <summary>The objects the REST tests serve: one with a permission set and one without.</summary>
internal static class RestModels
{
    /// <summary><c>item</c>: a field of each common type; admins do everything, members all but delete, guests read.</summary>
    public static ObjectDefinition Item { get; } = new()
    {
        Name = "item",
        Label = "Item",
        Fields =
        [
        Field("title", FieldType.Text) with { Required = true, Validation = new FieldValidation { MaxLength = 100 } },
        Field("code", FieldType.Text) with { Unique = true },
        Field("qty", FieldType.Number),
        Field("price", FieldType.Currency) with { Precision = 12, Scale = 2 },
        Field("due", FieldType.Date),
        Field("priority", FieldType.Select) with { Options = Options("low", "medium", "high"), DefaultValue = "medium" },
        Field("done", FieldType.Boolean) with { DefaultValue = false },
        Field("tags", FieldType.Text) with { Multiple = true },
        Field("secret", FieldType.Text),
        ],
        Permissions = new PermissionDefinition
        {
            Name = "item_permissions",
            Object = "item",
            Roles = ["admin", "member", "guest"],
            ObjectPermissions = new ObjectPermissions
            {
                Create = ["admin", "member"],
                Read = ["admin", "member", "guest"],
                Update = ["admin", "member"],
                Delete = ["admin"],
            },
            FieldPermissions = [new FieldPermission { Field = "secret", Read = ["admin"] }],
        },
    };

    /// <summary><c>note</c>: no permission set.</summary>
    public static ObjectDefinition Note { get; } = Object("note", Field("title", FieldType.Text));

    public static ObjectModel Model { get; } = new([Item, Note]);
}
