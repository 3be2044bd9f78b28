using ObjectQL.Metadata;

namespace ObjectQL.Testing;

/// <summary>
/// The objects the conformance kit and the core tests use, written as C# data: the kit's own objects
/// (<c>tck_user</c>, <c>tck_order</c>, <c>tck_note</c>, <c>tck_all_types</c>) and a mirror of the shared sample
/// objects (<c>todo_item</c> with its permission set, <c>project</c>, <c>user</c>).
/// </summary>
public static partial class TestModels
{
    /// <summary><c>tck_user</c>: name, email (unique), role (admin/user), age, active, department, tags.</summary>
    public static ObjectDefinition User { get; } = Object("tck_user",
        Field("name", FieldType.Text) with { Required = true },
        Field("email", FieldType.Email) with { Unique = true },
        Field("role", FieldType.Select) with { Options = Options("admin", "user") },
        Field("age", FieldType.Number),
        Field("active", FieldType.Boolean),
        Field("department", FieldType.Text),
        Field("tags", FieldType.Text) with { Multiple = true });

    /// <summary><c>tck_order</c>: status, total (currency, scale 2), quantity, customer, placed_on.</summary>
    public static ObjectDefinition Order { get; } = Object("tck_order",
        Field("status", FieldType.Select) with { Options = Options("pending", "completed", "cancelled") },
        Field("total", FieldType.Currency) with { Precision = 12, Scale = 2 },
        Field("quantity", FieldType.Number),
        Field("customer", FieldType.Text),
        Field("placed_on", FieldType.Date));

    /// <summary><c>tck_note</c>: free text for string matching and ordering.</summary>
    public static ObjectDefinition Note { get; } = Object("tck_note",
        Field("title", FieldType.Text),
        Field("body", FieldType.Textarea),
        Field("rank", FieldType.Number));

    /// <summary><c>tck_all_types</c>: one field of every stored field type, plus multi-valued and computed ones.</summary>
    public static ObjectDefinition AllTypes { get; } = Object("tck_all_types",
        Field("f_text", FieldType.Text),
        Field("f_textarea", FieldType.Textarea),
        Field("f_markdown", FieldType.Markdown),
        Field("f_html", FieldType.Html),
        Field("f_select", FieldType.Select) with { Options = Options("red", "green", "blue") },
        Field("f_select_number", FieldType.Select) with { Options = [new SelectOption { Value = 1.0, Label = "One" }, new SelectOption { Value = 2.5, Label = "Two and a half" }] },
        Field("f_date", FieldType.Date),
        Field("f_datetime", FieldType.DateTime),
        Field("f_time", FieldType.Time),
        Field("f_number", FieldType.Number),
        Field("f_currency", FieldType.Currency) with { Precision = 18, Scale = 4 },
        Field("f_percent", FieldType.Percent),
        Field("f_boolean", FieldType.Boolean),
        Field("f_email", FieldType.Email),
        Field("f_phone", FieldType.Phone),
        Field("f_url", FieldType.Url),
        Field("f_image", FieldType.Image),
        Field("f_file", FieldType.File),
        Field("f_location", FieldType.Location),
        Field("f_lookup", FieldType.Lookup) with { ReferenceTo = "tck_user" },
        Field("f_master_detail", FieldType.MasterDetail) with { ReferenceTo = "tck_user" },
        Field("f_password", FieldType.Password),
        Field("f_auto_number", FieldType.AutoNumber),
        Field("f_object", FieldType.Object),
        Field("f_vector", FieldType.Vector) with { Dimension = 3 },
        Field("f_grid", FieldType.Grid),
        Field("f_tags", FieldType.Text) with { Multiple = true },
        Field("f_colors", FieldType.Select) with { Multiple = true, Options = Options("red", "green", "blue") },
        Field("f_numbers", FieldType.Number) with { Multiple = true },
        Field("f_formula", FieldType.Formula) with { Expression = "f_number * 2", DataType = FieldType.Number });

    /// <summary>The shared sample <c>user</c> object.</summary>
    public static ObjectDefinition AppUser { get; } = new ObjectDefinition
    {
        Name = "user",
        Label = "User",
        Fields =
        [
        Field("name", FieldType.Text) with { Required = true },
        Field("email", FieldType.Email) with { Required = true, Unique = true },
        Field("role", FieldType.Select) with { Options = Options("admin", "member", "guest"), DefaultValue = "member" },
        Field("active", FieldType.Boolean) with { DefaultValue = true },
        Field("joined_at", FieldType.DateTime),
        ],
        Sync = new SyncSettings { Enabled = true, Strategy = SyncStrategy.LastWriteWins, Direction = SyncDirection.PullOnly },
    };

    /// <summary>The shared sample <c>project</c> object with its cross-field and state-machine rules.</summary>
    public static ObjectDefinition Project { get; } = new ObjectDefinition
    {
        Name = "project",
        Label = "Project",
        Fields =
        [
        Field("name", FieldType.Text) with { Required = true, Unique = true },
        Field("status", FieldType.Select) with { Options = Options("planned", "active", "on_hold", "done"), DefaultValue = "planned" },
        Field("budget", FieldType.Currency) with { Precision = 12, Scale = 2 },
        Field("starts_on", FieldType.Date),
        Field("ends_on", FieldType.Date),
        Field("website", FieldType.Url),
        ],
        ValidationRules =
        [
            new ValidationRuleDefinition
            {
                Name = "ends_after_start",
                Type = ValidationRuleType.CrossField,
                Condition = new Condition { Field = "ends_on", Operator = ">=", CompareTo = "starts_on" },
                Message = "A project cannot end before it starts.",
            },
            new ValidationRuleDefinition
            {
                Name = "status_flow",
                Type = ValidationRuleType.StateMachine,
                Field = "status",
                Transitions = new Dictionary<string, IReadOnlyList<string>>
                {
                    ["planned"] = ["active", "on_hold"],
                    ["active"] = ["on_hold", "done"],
                    ["on_hold"] = ["active", "done"],
                    ["done"] = [],
                },
                Message = "Status cannot move from {{old_status}} to {{new_status}}.",
            },
        ],
        Sync = new SyncSettings { Enabled = true, Strategy = SyncStrategy.Manual, ConflictFields = ["status", "budget"] },
    };

    /// <summary>The shared sample <c>todo_item</c> object with its permission set (<c>todo_item.permission.yml</c>).</summary>
    public static ObjectDefinition TodoItem { get; } = new ObjectDefinition
    {
        Name = "todo_item",
        Label = "Todo Item",
        Fields =
        [
        Field("title", FieldType.Text) with { Required = true, Validation = new FieldValidation { MaxLength = 200 } },
        Field("notes", FieldType.Textarea),
        Field("done", FieldType.Boolean) with { DefaultValue = false },
        Field("priority", FieldType.Select) with { Options = Options("low", "medium", "high"), DefaultValue = "medium" },
        Field("due_date", FieldType.Date),
        Field("estimate_hours", FieldType.Number) with { Min = 0, Max = 1000 },
        Field("project", FieldType.Lookup) with { ReferenceTo = "project" },
        // The sample's owner is a lookup to user; here it holds the caller's user id (the record rule compares it with
        // $current_user.id) without a stored user record behind it, so the many tests that act as users need none.
        // The kit's relationship cases use their own objects (Relations).
        Field("owner", FieldType.Text) with { Required = true },
        ],
        Description = "One thing to do, synced to every device of its owner.",
        Indexes = [new IndexDefinition { Name = "by_owner_done", Fields = ["owner", "done"] }],
        Sync = new SyncSettings { Enabled = true, Strategy = SyncStrategy.Crdt, DebounceMs = 500, BatchSize = 100 },
        Permissions = new PermissionDefinition
        {
            Name = "todo_item_permissions",
            Object = "todo_item",
            Roles = ["admin", "member", "guest"],
            ObjectPermissions = new ObjectPermissions
            {
                Create = ["admin", "member"],
                Read = ["admin", "member", "guest"],
                Update = ["admin", "member"],
                Delete = ["admin"],
            },
            FieldPermissions = [new FieldPermission { Field = "estimate_hours", Read = ["admin", "member"], Update = ["admin"] }],
            RecordRules =
            [
                new RecordRule
                {
                    Name = "own_items",
                    Condition = new Condition { Field = "owner", Operator = "=", Value = "$current_user.id" },
                    Read = true,
                    Update = true,
                    Delete = true,
                },
            ],
        },
    };

    /// <summary><c>tck_ticket</c>: a title and an <c>auto_number</c> (<c>number</c>) the pipeline assigns.</summary>
    public static ObjectDefinition Ticket { get; } = Object("tck_ticket",
        Field("title", FieldType.Text),
        Field("number", FieldType.AutoNumber) with { Unique = true });

    /// <summary><c>tck_invoice</c>: a title and an <c>auto_number</c> (<c>code</c>) with the prefix <c>INV-</c>.</summary>
    public static ObjectDefinition Invoice { get; } = Object("tck_invoice",
        Field("title", FieldType.Text),
        Field("code", FieldType.AutoNumber) with { Prefix = "INV-" });

    /// <summary>The model of the kit's <c>auto_number</c> cases: <see cref="Ticket"/> and <see cref="Invoice"/>.</summary>
    public static ObjectModel Numbered { get; } = new([Ticket, Invoice]);

    /// <summary>Every object of the kit.</summary>
    public static ObjectModel Conformance { get; } = new([User, Order, Note, AllTypes]);

    /// <summary>The shared sample objects.</summary>
    public static ObjectModel Samples { get; } = new([AppUser, Project, TodoItem]);

    /// <summary>A field definition with a title-cased label.</summary>
    public static FieldDefinition Field(string name, FieldType type) =>
        new() { Name = name, Type = type, Label = string.Join(' ', name.Split('_').Select(static w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])) };

    /// <summary>An object definition with a title-cased label.</summary>
    public static ObjectDefinition Object(string name, params FieldDefinition[] fields) =>
        new() { Name = name, Label = Field(name, FieldType.Text).Label, Fields = fields };

    /// <summary>Select options whose values equal their labels.</summary>
    public static IReadOnlyList<SelectOption> Options(params string[] values) =>
        values.Select(static v => new SelectOption { Value = v, Label = v }).ToArray();
}
