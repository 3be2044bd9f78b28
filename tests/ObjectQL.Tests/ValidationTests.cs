using ObjectQL.Drivers.Memory;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Testing;

namespace ObjectQL.Tests;

public sealed class ValidationTests
{
    private static readonly FieldDefinition Status = TestModels.Field("status", FieldType.Select) with { Options = TestModels.Options("open", "closed") };

    private static async Task<ObjectQLDatabase> OpenAsync(params ObjectDefinition[] objects) =>
        await ObjectQLDatabase.OpenAsync(new MemoryDriver(), new ObjectModel(objects.Length == 0 ? TestModels.Samples.Objects : objects));

    private static Record R(params (string Field, object? Value)[] fields)
    {
        var record = new Record();
        foreach (var (field, value) in fields)
        {
            record[field] = value;
        }
        return record;
    }

    private static ObjectQLException Fails(Func<Task> action, string field, string reason)
    {
        var error = Assert.ThrowsAsync<ObjectQLException>(() => action())!;
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.ValidationError), error.Message);
        Assert.That(error.Details.Select(static d => (d.Field, d.Reason)), Does.Contain((field, reason)), error.Message);
        return error;
    }

    [Test]
    public void A_default_that_does_not_fit_its_field_is_refused_at_open()
    {
        var bad = TestModels.Object("tck_defaults", TestModels.Field("count", FieldType.Number) with { DefaultValue = "lots" });
        var error = Assert.ThrowsAsync<ObjectQLException>(() => OpenAsync(bad))!;
        Assert.That((error.Code, error.Field, error.Details[0].Reason), Is.EqualTo((ErrorCodes.InvalidRequest, "count", "invalid_default")));
    }

    [Test]
    public async Task Defaults_fill_missing_fields_and_records_do_not_share_a_default_list()
    {
        var tags = TestModels.Field("tags", FieldType.Text) with { Multiple = true, DefaultValue = new[] { "new" } };
        await using var db = await OpenAsync(TestModels.Object("tck_defaults", tags, TestModels.Field("count", FieldType.Number) with { DefaultValue = 3 }));
        var created = await db.Object("tck_defaults").CreateManyAsync([R(), R()]);
        Assert.That(created.Select(static r => r["count"]), Is.EqualTo(new object[] { 3.0, 3.0 }));
        Assert.That(created[0]["tags"], Is.EqualTo(new[] { "new" }));
        Assert.That(created[0]["tags"], Is.Not.SameAs(created[1]["tags"]));
    }

    [Test]
    public async Task Field_rules_report_every_failing_field_and_write_nothing()
    {
        await using var db = await OpenAsync();
        var todos = db.Object("todo_item");
        var error = Fails(() => todos.CreateAsync(R(("title", new string('x', 201)), ("estimate_hours", -1.0), ("priority", "urgent"))), "title", "max_length");
        Assert.That(error.Details.Select(static d => d.Reason), Is.SupersetOf(new[] { "max_length", "min", "option", "required" }));
        Assert.That(error.Details.Single(static d => d.Reason == "required").Field, Is.EqualTo("owner"));
        Fails(() => todos.CreateAsync(R(("title", "t"), ("owner", "u"), ("estimate_hours", 1000.5))), "estimate_hours", "max");
        Assert.That(await todos.CountAsync(), Is.EqualTo(0));
    }

    [Test]
    public async Task Defaults_fill_absent_fields_on_create()
    {
        await using var db = await OpenAsync();
        var created = await db.Object("todo_item").CreateAsync(R(("title", "t"), ("owner", "u1")));
        Assert.That(created["done"], Is.EqualTo(false));
        Assert.That(created["priority"], Is.EqualTo("medium"));
    }

    [Test]
    public async Task Formats_are_checked_for_email_and_url_fields()
    {
        await using var db = await OpenAsync();
        Fails(() => db.Object("user").CreateAsync(R(("name", "A"), ("email", "not an email"))), "email", "format");
        Fails(() => db.Object("project").CreateAsync(R(("name", "P"), ("website", "ftp://example.com"))), "website", "format");
        var ok = await db.Object("project").CreateAsync(R(("name", "P"), ("website", "https://example.com/x")));
        Assert.That(ok["website"], Is.EqualTo("https://example.com/x"));
    }

    [TestCase("email", "a@example.com", true)]
    [TestCase("email", "first.last@mail.example.co", true)]
    [TestCase("email", "a@b.c", true)]
    [TestCase("email", "a@example", false)]
    [TestCase("email", "@example.com", false)]
    [TestCase("email", "a@@example.com", false)]
    [TestCase("email", "a@b@example.com", false)]
    [TestCase("email", "a@.com", false)]
    [TestCase("email", "a@example.", false)]
    [TestCase("email", "a b@example.com", false)]
    [TestCase("email", "a@exa\tmple.com", false)]
    [TestCase("email", "first.last@example", false)]
    [TestCase("phone", "+49 30 1234", true)]
    [TestCase("phone", "(030) 123-45.67", true)]
    [TestCase("phone", "112", true)]
    [TestCase("phone", "12", false)]
    [TestCase("phone", "+12", false)]
    [TestCase("phone", "++49 30 1234", false)]
    [TestCase("phone", "030 1234 ext 5", false)]
    [TestCase("phone", "0123456789012345678901234567890123", false)]
    public async Task Email_and_phone_formats_accept_exactly_their_shape(string format, string value, bool valid)
    {
        var contact = TestModels.Object("contact", TestModels.Field("value", FieldType.Text) with { Validation = new FieldValidation { Format = format } });
        await using var db = await OpenAsync(contact);
        var contacts = db.Object("contact");
        if (valid)
        {
            var created = await contacts.CreateAsync(R(("value", value)));
            Assert.That(created["value"], Is.EqualTo(value));
        }
        else
        {
            Fails(() => contacts.CreateAsync(R(("value", value))), "value", "format");
            Assert.That(await contacts.CountAsync(), Is.Zero);
        }
    }

    [Test]
    public async Task Unique_field_rejects_a_second_record_with_the_same_value()
    {
        await using var db = await OpenAsync();
        var users = db.Object("user");
        await users.CreateAsync(R(("name", "A"), ("email", "a@example.com")));
        // The pipeline notices first, and answers as the store would: CONFLICT, reason unique (docs/drivers.md).
        var duplicate = Assert.ThrowsAsync<ObjectQLException>(() => users.CreateAsync(R(("name", "B"), ("email", "a@example.com"))))!;
        Assert.That((duplicate.Code, duplicate.Field, duplicate.Details[0].Reason), Is.EqualTo((ErrorCodes.Conflict, "email", "unique")));
        var second = await users.CreateAsync(R(("name", "B"), ("email", "b@example.com")));
        var changed = Assert.ThrowsAsync<ObjectQLException>(() => users.UpdateAsync(second.Id!, R(("email", "a@example.com"))))!;
        Assert.That((changed.Code, changed.Field, changed.Details[0].Reason), Is.EqualTo((ErrorCodes.Conflict, "email", "unique")));
        await users.UpdateAsync(second.Id!, R(("email", "b@example.com"), ("name", "B2")));
        Assert.That(await users.CountAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task Pattern_must_match_the_whole_value()
    {
        var item = TestModels.Object("item", TestModels.Field("code", FieldType.Text) with { Validation = new FieldValidation { Pattern = @"[A-Z]{3}-\d+" } });
        await using var db = await OpenAsync(item);
        await db.Object("item").CreateAsync(R(("code", "ABC-12")));
        Fails(() => db.Object("item").CreateAsync(R(("code", "xABC-12"))), "code", "pattern");
        Fails(() => db.Object("item").CreateAsync(R(("code", "ABC-12x"))), "code", "pattern");
    }

    [Test]
    public async Task Pattern_that_runs_too_long_fails_instead_of_hanging()
    {
        var item = TestModels.Object("item", TestModels.Field("code", FieldType.Text) with { Validation = new FieldValidation { Pattern = @"(a|aa)+" } });
        await using var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), new ObjectModel([item]), new ObjectQLOptions { RegexTimeout = TimeSpan.FromMilliseconds(5) });
        Fails(() => db.Object("item").CreateAsync(R(("code", new string('a', 5000) + "!"))), "code", "pattern");
    }

    [Test]
    public async Task Invalid_pattern_is_refused_when_the_database_opens()
    {
        var item = TestModels.Object("item", TestModels.Field("code", FieldType.Text) with { Validation = new FieldValidation { Pattern = "([a-z" } });
        var error = Assert.ThrowsAsync<ObjectQLException>(() => OpenAsync(item))!;
        Assert.That(error.Field, Is.EqualTo("code"));
    }

    [Test]
    public async Task Currency_scale_and_precision_are_enforced()
    {
        await using var db = await OpenAsync();
        Fails(() => db.Object("project").CreateAsync(R(("name", "P"), ("budget", 1.234m))), "budget", "scale");
        Fails(() => db.Object("project").CreateAsync(R(("name", "P"), ("budget", 12345678901m))), "budget", "precision");
        var ok = await db.Object("project").CreateAsync(R(("name", "P"), ("budget", 1234567890.12m)));
        Assert.That(ok["budget"], Is.EqualTo(1234567890.12m));
    }

    [Test]
    public async Task Cross_field_rule_compares_two_fields_and_passes_when_one_is_empty()
    {
        await using var db = await OpenAsync();
        var projects = db.Object("project");
        var error = Fails(() => projects.CreateAsync(R(("name", "P"), ("starts_on", new DateOnly(2026, 5, 1)), ("ends_on", new DateOnly(2026, 4, 1)))), "ends_on", "ends_after_start");
        Assert.That(error.Details[0].Message, Is.EqualTo("A project cannot end before it starts."));
        var open = await projects.CreateAsync(R(("name", "Q"), ("starts_on", new DateOnly(2026, 5, 1))));
        Fails(() => projects.UpdateAsync(open.Id!, R(("ends_on", new DateOnly(2026, 1, 1)))), "ends_on", "ends_after_start");
        await projects.UpdateAsync(open.Id!, R(("ends_on", new DateOnly(2026, 6, 1))));
    }

    [Test]
    public async Task State_machine_allows_declared_transitions_only_and_fills_the_message()
    {
        await using var db = await OpenAsync();
        var projects = db.Object("project");
        var project = await projects.CreateAsync(R(("name", "P")));
        var error = Fails(() => projects.UpdateAsync(project.Id!, R(("status", "done"))), "status", "status_flow");
        Assert.That(error.Details[0].Message, Is.EqualTo("Status cannot move from planned to done."));
        await projects.UpdateAsync(project.Id!, R(("status", "active")));
        await projects.UpdateAsync(project.Id!, R(("status", "done")));
        var final = Fails(() => projects.UpdateAsync(project.Id!, R(("status", "active"))), "status", "status_flow");
        Assert.That(final.Details[0].Message, Is.EqualTo("Status cannot move from done to active."));
        await projects.UpdateAsync(project.Id!, R(("name", "renamed")));
    }

    [Test]
    public async Task Conditional_rule_applies_only_when_apply_when_holds()
    {
        var ticket = TestModels.Object("ticket", Status, TestModels.Field("resolution", FieldType.Text)) is var t
            ? new ObjectDefinition
            {
                Name = t.Name,
                Label = t.Label,
                Fields = t.Fields,
                ValidationRules =
                [
                    new ValidationRuleDefinition
                    {
                        Name = "resolution_when_closed",
                        Type = ValidationRuleType.Conditional,
                        ApplyWhen = new Condition { Field = "status", Operator = "=", Value = "closed" },
                        Condition = new Condition { Field = "resolution", Operator = "!=", Value = null },
                        Message = "A closed ticket needs a resolution.",
                    },
                ],
            }
            : throw new InvalidOperationException();
        await using var db = await OpenAsync(ticket);
        var tickets = db.Object("ticket");
        var open = await tickets.CreateAsync(R(("status", "open")));
        Fails(() => tickets.UpdateAsync(open.Id!, R(("status", "closed"))), "resolution", "resolution_when_closed");
        var closed = await tickets.UpdateAsync(open.Id!, R(("status", "closed"), ("resolution", "fixed")));
        Assert.That(closed["status"], Is.EqualTo("closed"));
    }

    [Test]
    public async Task Business_rules_check_groups_and_if_field_then_require()
    {
        var order = new ObjectDefinition
        {
            Name = "order",
            Label = "Order",
            Fields =
            [
                TestModels.Field("express", FieldType.Boolean),
                TestModels.Field("phone", FieldType.Phone),
                TestModels.Field("email", FieldType.Email),
                TestModels.Field("quantity", FieldType.Number),
            ],
            ValidationRules =
            [
                new ValidationRuleDefinition
                {
                    Name = "contact",
                    Type = ValidationRuleType.BusinessRule,
                    Condition = new Condition
                    {
                        AllOf = [new Condition { Field = "quantity", Operator = ">", Value = 0 }],
                        AnyOf = [new Condition { Field = "phone", Operator = "!=", Value = null }, new Condition { Field = "email", Operator = "!=", Value = null }],
                    },
                    Message = "An order needs a quantity and a way to reach the customer.",
                },
                new ValidationRuleDefinition { Name = "express_needs_phone", Type = ValidationRuleType.BusinessRule, IfField = "express", ThenRequire = ["phone"] },
            ],
        };
        await using var db = await OpenAsync(order);
        var orders = db.Object("order");
        Fails(() => orders.CreateAsync(R(("quantity", 1.0))), "quantity", "contact");
        Fails(() => orders.CreateAsync(R(("quantity", 0.0), ("email", "a@example.com"))), "quantity", "contact");
        Fails(() => orders.CreateAsync(R(("quantity", 1.0), ("email", "a@example.com"), ("express", true))), "express", "express_needs_phone");
        await orders.CreateAsync(R(("quantity", 1.0), ("email", "a@example.com"), ("express", false)));
        await orders.CreateAsync(R(("quantity", 1.0), ("phone", "+49 30 1234"), ("express", true)));
        Assert.That(await orders.CountAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task Unique_rule_checks_a_combination_case_insensitively_when_asked()
    {
        var person = new ObjectDefinition
        {
            Name = "person",
            Label = "Person",
            Fields = [TestModels.Field("first", FieldType.Text), TestModels.Field("last", FieldType.Text), TestModels.Field("city", FieldType.Text)],
            ValidationRules = [new ValidationRuleDefinition { Name = "unique_name", Type = ValidationRuleType.Unique, Fields = ["first", "last"], CaseSensitive = false }],
        };
        await using var db = await OpenAsync(person);
        var people = db.Object("person");
        var ada = await people.CreateAsync(R(("first", "Ada"), ("last", "Lovelace")));
        Fails(() => people.CreateAsync(R(("first", "ADA"), ("last", "lovelace"))), "first", "unique_name");
        await people.CreateAsync(R(("first", "Ada"), ("last", "Byron")));
        await people.UpdateAsync(ada.Id!, R(("city", "London")));
        Assert.That(await people.CountAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task Rules_with_fields_run_on_update_only_when_one_of_them_changed_and_warnings_do_not_block()
    {
        var item = new ObjectDefinition
        {
            Name = "item",
            Label = "Item",
            Fields = [TestModels.Field("low", FieldType.Number), TestModels.Field("high", FieldType.Number), TestModels.Field("note", FieldType.Text)],
            ValidationRules =
            [
                new ValidationRuleDefinition
                {
                    Name = "order", Type = ValidationRuleType.CrossField, Fields = ["low"],
                    Condition = new Condition { Field = "low", Operator = "<=", CompareTo = "high" },
                },
                new ValidationRuleDefinition
                {
                    Name = "soft", Type = ValidationRuleType.CrossField, Severity = RuleSeverity.Warning,
                    Condition = new Condition { Field = "note", Operator = "=", Value = "never" },
                },
            ],
        };
        await using var db = await OpenAsync(item);
        var items = db.Object("item");
        var created = await items.CreateAsync(R(("low", 1.0), ("high", 5.0), ("note", "x")));
        await items.UpdateAsync(created.Id!, R(("high", 0.0)));
        Fails(() => items.UpdateAsync(created.Id!, R(("low", 2.0))), "low", "order");
    }

    [Test]
    public async Task Delete_rules_block_deletes()
    {
        var item = new ObjectDefinition
        {
            Name = "item",
            Label = "Item",
            Fields = [Status],
            ValidationRules =
            [
                new ValidationRuleDefinition
                {
                    Name = "keep_open", Type = ValidationRuleType.BusinessRule, Triggers = RuleTriggers.Delete,
                    Condition = new Condition { Field = "status", Operator = "!=", Value = "open" },
                    Message = "Open items cannot be deleted.",
                },
            ],
        };
        await using var db = await OpenAsync(item);
        var items = db.Object("item");
        var open = await items.CreateAsync(R(("status", "open")));
        var closed = await items.CreateAsync(R(("status", "closed")));
        Fails(() => items.DeleteAsync(open.Id!), "status", "keep_open");
        Assert.That(await items.DeleteAsync(closed.Id!), Is.True);
        Assert.That(await items.CountAsync(), Is.EqualTo(1));
    }

    [TestCase("expression")]
    [TestCase("operator")]
    [TestCase("field")]
    public void Rules_the_runtime_cannot_enforce_are_refused_when_the_database_opens(string defect)
    {
        var condition = defect switch
        {
            "expression" => new Condition { Expression = "a > b" },
            "operator" => new Condition { Field = "low", Operator = "~=", Value = 1 },
            _ => new Condition { Field = "missing", Operator = "=", Value = 1 },
        };
        var item = new ObjectDefinition
        {
            Name = "item",
            Label = "Item",
            Fields = [TestModels.Field("low", FieldType.Number)],
            ValidationRules = [new ValidationRuleDefinition { Name = "r", Type = ValidationRuleType.CrossField, Condition = condition }],
        };
        var error = Assert.ThrowsAsync<ObjectQLException>(() => OpenAsync(item))!;
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
    }

    [Test]
    public async Task Json_inputs_convert_to_canonical_values_and_wrong_types_name_the_field()
    {
        await using var db = await OpenAsync();
        using var json = System.Text.Json.JsonDocument.Parse("""{"title":"From JSON","owner":"u1","estimate_hours":3,"due_date":"2026-04-01","done":true}""");
        var record = new Record(json.RootElement.EnumerateObject().Select(static p => new KeyValuePair<string, object?>(p.Name, p.Value)));
        var created = await db.Object("todo_item").CreateAsync(record);
        Assert.That(created["estimate_hours"], Is.EqualTo(3.0));
        Assert.That(created["due_date"], Is.EqualTo(new DateOnly(2026, 4, 1)));
        Assert.That(created["done"], Is.EqualTo(true));
        Fails(() => db.Object("todo_item").CreateAsync(R(("title", "t"), ("owner", "u1"), ("due_date", "01/04/2026"))), "due_date", "type");
        Fails(() => db.Object("todo_item").CreateAsync(R(("title", 5), ("owner", "u1"))), "title", "type");
        Assert.That(await db.Object("todo_item").CountAsync(new Filter.Comparison("title", FilterOperator.Eq, "From JSON")), Is.EqualTo(1));
    }
}
