using NUnit.Framework;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

public abstract partial class QueryConformanceTests
{
    /// <summary>A filter on an unknown field is an error naming it, never an empty or full result.</summary>
    [Test]
    public async Task Filter_on_unknown_field_is_invalid_request_naming_it()
    {
        await SeedUsersAsync();
        await ThrowsAsync(ErrorCodes.InvalidRequest, "nickname", () => Users.FindAsync(new Query { Where = W("nickname", FilterOperator.Eq, "x") }));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "nickname", () => Users.CountAsync(W("nickname", FilterOperator.Eq, "x")));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "nickname", () => Users.UpdateManyAsync(W("nickname", FilterOperator.Eq, "x"), R(("age", 1.0))));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "nickname", () => Users.DeleteManyAsync(W("nickname", FilterOperator.Eq, "x")));
        Assert.That(await Users.CountAsync(), Is.EqualTo(4));
    }

    /// <summary>Operands of the wrong type and operators that do not apply are errors naming the field.</summary>
    [Test]
    public async Task Wrong_operand_or_operator_is_invalid_request_naming_the_field()
    {
        await ThrowsAsync(ErrorCodes.InvalidRequest, "age", () => Users.FindAsync(new Query { Where = W("age", FilterOperator.Gt, "thirty") }));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "age", () => Users.FindAsync(new Query { Where = W("age", FilterOperator.Contains, "3") }));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "age", () => Users.FindAsync(new Query { Where = W("age", FilterOperator.Between, new object[] { 1.0 }) }));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "role", () => Users.FindAsync(new Query { Where = W("role", FilterOperator.In, "admin") }));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "active", () => Users.FindAsync(new Query { Where = W("active", FilterOperator.Null, "yes") }));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "tags", () => Users.FindAsync(new Query { Where = W("tags", FilterOperator.Eq, "a") }));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "limit", () => Users.FindAsync(new Query { Limit = -1 }));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "nickname", () => Users.FindAsync(new Query { OrderBy = [new SortSpec("nickname")] }));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "distinct", () => Users.FindAsync(new Query { Distinct = true, Fields = ["role"] }));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "f_object", () => AllTypes.FindAsync(new Query { OrderBy = [new SortSpec("f_object")] }));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "name", () => Users.AggregateAsync(new Query { Aggregations = [new Aggregation(AggregateFunction.Sum, "name", "s")] }));
    }

    /// <summary>Bad records are refused and write nothing.</summary>
    [Test]
    public async Task Bad_records_are_refused_and_write_nothing()
    {
        await ThrowsAsync(ErrorCodes.InvalidRequest, "nickname", () => Users.CreateAsync(R(("name", "A"), ("nickname", "x"))));
        await ThrowsAsync(ErrorCodes.ValidationError, "age", () => Users.CreateAsync(R(("name", "A"), ("age", "old"))));
        await ThrowsAsync(ErrorCodes.ValidationError, "role", () => Users.CreateAsync(R(("name", "A"), ("role", "root"))));
        await ThrowsAsync(ErrorCodes.ValidationError, "name", () => Users.CreateAsync(R(("name", ""))));
        await ThrowsAsync(ErrorCodes.InvalidRequest, SystemFields.Id, () => Users.CreateAsync(R(("id", "has space"), ("name", "A"))));
        await ThrowsAsync(ErrorCodes.InvalidRequest, SystemFields.CreatedAt, () => Users.CreateAsync(R(("name", "A"), (SystemFields.CreatedAt, Start))));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "f_formula", () => AllTypes.CreateAsync(R(("f_formula", 1.0))));
        await ThrowsAsync(ErrorCodes.ValidationError, "f_vector", () => AllTypes.CreateAsync(R(("f_vector", new[] { 1f, 2f }))));
        await ThrowsAsync(ErrorCodes.ValidationError, "f_email", () => AllTypes.CreateAsync(R(("f_email", "not-an-email"))));
        Assert.That(await Users.CountAsync(), Is.EqualTo(0));
        Assert.That(await AllTypes.CountAsync(), Is.EqualTo(0));
    }

    /// <summary>A bad patch is refused and changes nothing.</summary>
    [Test]
    public async Task Bad_patch_is_refused_and_changes_nothing()
    {
        await SeedUsersAsync();
        await ThrowsAsync(ErrorCodes.ValidationError, "age", () => Users.UpdateAsync("u1", R(("age", true))));
        await ThrowsAsync(ErrorCodes.InvalidRequest, SystemFields.Id, () => Users.UpdateAsync("u1", R(("id", "u9"))));
        await ThrowsAsync(ErrorCodes.ValidationError, "name", () => Users.UpdateAsync("u1", R(("name", null))));
        var stored = await Users.FindOneAsync("u1");
        Assert.That(stored!["age"], Is.EqualTo(30.0));
        Assert.That(stored[SystemFields.Version], Is.EqualTo(1L));
    }
}
