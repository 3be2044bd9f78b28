using NUnit.Framework;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

public abstract partial class QueryConformanceTests
{
    private protected static Filter W(string field, FilterOperator op, object? value) => new Filter.Comparison(field, op, value);

    private static TestCaseData Case(string name, Filter where, params string[] expected) =>
        new TestCaseData(where, expected).SetArgDisplayNames(name);

    /// <summary>Every operator against the seeded users (<see cref="SeedUsersAsync"/>), with the null semantics of docs/querying.md.</summary>
    public static IEnumerable<TestCaseData> OperatorCases()
    {
        yield return Case("eq_text", W("role", FilterOperator.Eq, "user"), "u2", "u3");
        yield return Case("eq_boolean", W("active", FilterOperator.Eq, true), "u1", "u2");
        yield return Case("eq_number", W("age", FilterOperator.Eq, 30.0), "u1");
        yield return Case("eq_null_matches_null", W("role", FilterOperator.Eq, null), "u4");
        yield return Case("eq_id", W("id", FilterOperator.Eq, "u2"), "u2");
        yield return Case("ne_text_includes_null", W("role", FilterOperator.Ne, "admin"), "u2", "u3", "u4");
        yield return Case("ne_null_is_not_null", W("role", FilterOperator.Ne, null), "u1", "u2", "u3");
        yield return Case("ne_boolean_includes_null", W("active", FilterOperator.Ne, true), "u3", "u4");
        yield return Case("gt_excludes_null", W("age", FilterOperator.Gt, 25.0), "u1", "u3");
        yield return Case("gte", W("age", FilterOperator.Gte, 30.0), "u1", "u3");
        yield return Case("lt", W("age", FilterOperator.Lt, 30.0), "u2");
        yield return Case("lte", W("age", FilterOperator.Lte, 30.0), "u1", "u2");
        yield return Case("gt_text_by_code_point", W("name", FilterOperator.Gt, "Bob"), "u3", "u4");
        yield return Case("between_inclusive", W("age", FilterOperator.Between, new object[] { 25.0, 30.0 }), "u1", "u2");
        yield return Case("in", W("role", FilterOperator.In, new object?[] { "admin" }), "u1");
        yield return Case("in_with_null", W("role", FilterOperator.In, new object?[] { "admin", null }), "u1", "u4");
        yield return Case("in_empty_matches_nothing", W("role", FilterOperator.In, Array.Empty<object?>()));
        yield return Case("nin_includes_null", W("role", FilterOperator.Nin, new object?[] { "admin" }), "u2", "u3", "u4");
        yield return Case("nin_with_null_excludes_null", W("role", FilterOperator.Nin, new object?[] { "admin", null }), "u2", "u3");
        yield return Case("nin_empty_matches_everything", W("role", FilterOperator.Nin, Array.Empty<object?>()), "u1", "u2", "u3", "u4");
        yield return Case("contains", W("name", FilterOperator.Contains, "li"), "u1", "u3");
        yield return Case("contains_is_case_sensitive", W("name", FilterOperator.Contains, "ALI"));
        yield return Case("starts_with", W("name", FilterOperator.StartsWith, "Ch"), "u3");
        yield return Case("starts_with_is_case_sensitive", W("name", FilterOperator.StartsWith, "ch"));
        yield return Case("ends_with", W("name", FilterOperator.EndsWith, "e"), "u1", "u3");
        yield return Case("contains_element_of_list", W("tags", FilterOperator.Contains, "lead"), "u1");
        yield return Case("null_true", W("age", FilterOperator.Null, true), "u4");
        yield return Case("null_false", W("age", FilterOperator.Null, false), "u1", "u2", "u3");
        yield return Case("exists_true", W("role", FilterOperator.Exists, true), "u1", "u2", "u3");
        yield return Case("exists_false", W("role", FilterOperator.Exists, false), "u4");
        yield return Case("null_on_list_field", W("tags", FilterOperator.Null, true), "u3", "u4");
        yield return Case("and", W("role", FilterOperator.Eq, "user") & W("age", FilterOperator.Gt, 25.0), "u3");
        yield return Case("or", W("role", FilterOperator.Eq, "admin") | W("age", FilterOperator.Gt, 30.0), "u1", "u3");
        yield return Case("not_includes_null", !W("age", FilterOperator.Gt, 25.0), "u2", "u4");
        yield return Case("not_eq", !W("role", FilterOperator.Eq, "user"), "u1", "u4");
        yield return Case("empty_and_matches_everything", new Filter.And([]), "u1", "u2", "u3", "u4");
        yield return Case("empty_or_matches_nothing", new Filter.Or([]));
        yield return Case("nested_groups",
            (W("role", FilterOperator.Eq, "user") | W("role", FilterOperator.Eq, "admin")) & !W("department", FilterOperator.Eq, "HR"), "u1", "u3");
        yield return Case("and_with_or_of_null",
            W("department", FilterOperator.Eq, "HR") & (W("age", FilterOperator.Null, true) | W("age", FilterOperator.Lt, 30.0)), "u2", "u4");
    }

    /// <summary>Each operator matches exactly the documented records.</summary>
    [TestCaseSource(nameof(OperatorCases))]
    public async Task Operator_matches_exactly_the_documented_records(Filter where, string[] expected)
    {
        await SeedUsersAsync();
        Assert.That(await UserIdsAsync(where), Is.EqualTo(expected));
        Assert.That(await Users.CountAsync(where), Is.EqualTo(expected.Length));
    }
}
