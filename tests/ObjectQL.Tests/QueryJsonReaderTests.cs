using ObjectQL.Querying;
using ObjectQL.Querying.Json;
using ObjectQL.Testing;

namespace ObjectQL.Tests;

public sealed class QueryJsonReaderTests
{
    private static readonly Metadata.ObjectDefinition User = TestModels.User;

    private static Filter C(string field, FilterOperator op, object? value) =>
        QueryNormalizer.NormalizeFilter(new Filter.Comparison(field, op, value), User)!;

    private static Filter? Read(string json) => FilterJsonReader.Read(json, User);

    [Test]
    public void Implicit_equality_and_several_keys_are_anded()
    {
        var filter = Read("""{"role":"admin","age":30,"active":true}""");
        Assert.That(filter, Is.EqualTo(new Filter.And([C("role", FilterOperator.Eq, "admin"), C("age", FilterOperator.Eq, 30.0), C("active", FilterOperator.Eq, true)])));
    }

    [TestCase("$eq", "30", FilterOperator.Eq)]
    [TestCase("$ne", "30", FilterOperator.Ne)]
    [TestCase("$gt", "30", FilterOperator.Gt)]
    [TestCase("$gte", "30", FilterOperator.Gte)]
    [TestCase("$lt", "30", FilterOperator.Lt)]
    [TestCase("$lte", "30", FilterOperator.Lte)]
    public void Object_form_comparison_operators_read_to_the_ast(string op, string operand, FilterOperator expected)
    {
        Assert.That(Read($$$"""{"age":{"{{{op}}}":{{{operand}}}}}"""), Is.EqualTo(C("age", expected, 30.0)));
    }

    [Test]
    public void Object_form_list_text_and_null_operators_read_to_the_ast()
    {
        Assert.That(Read("""{"role":{"$in":["admin",null]}}"""), Is.EqualTo(C("role", FilterOperator.In, new object?[] { "admin", null })));
        Assert.That(Read("""{"role":{"$nin":[]}}"""), Is.EqualTo(C("role", FilterOperator.Nin, Array.Empty<object?>())));
        Assert.That(Read("""{"age":{"$between":[20,30]}}"""), Is.EqualTo(C("age", FilterOperator.Between, new object[] { 20.0, 30.0 })));
        Assert.That(Read("""{"name":{"$contains":"li"}}"""), Is.EqualTo(C("name", FilterOperator.Contains, "li")));
        Assert.That(Read("""{"name":{"$startsWith":"A"}}"""), Is.EqualTo(C("name", FilterOperator.StartsWith, "A")));
        Assert.That(Read("""{"name":{"$endsWith":"e"}}"""), Is.EqualTo(C("name", FilterOperator.EndsWith, "e")));
        Assert.That(Read("""{"age":{"$null":true}}"""), Is.EqualTo(C("age", FilterOperator.Null, true)));
        Assert.That(Read("""{"age":{"$exists":false}}"""), Is.EqualTo(C("age", FilterOperator.Exists, false)));
        Assert.That(Read("""{"age":{"$exist":true}}"""), Is.EqualTo(C("age", FilterOperator.Exists, true)));
        Assert.That(Read("""{"tags":{"$contains":"lead"}}"""), Is.EqualTo(C("tags", FilterOperator.Contains, "lead")));
        Assert.That(Read("""{"role":null}"""), Is.EqualTo(C("role", FilterOperator.Eq, null)));
    }

    [Test]
    public void Logical_operators_nest()
    {
        var filter = Read("""{"$and":[{"$or":[{"role":"admin"},{"role":"user"}]},{"age":{"$gte":20,"$lte":40}}],"$not":{"active":false}}""");
        var expected = new Filter.And(
        [
            new Filter.And([new Filter.Or([C("role", FilterOperator.Eq, "admin"), C("role", FilterOperator.Eq, "user")]),
                new Filter.And([C("age", FilterOperator.Gte, 20.0), C("age", FilterOperator.Lte, 40.0)])]),
            new Filter.Not(C("active", FilterOperator.Eq, false)),
        ]);
        Assert.That(filter, Is.EqualTo(expected));
        Assert.That(Read("""{"age":{"$not":{"$gt":25}}}"""), Is.EqualTo(new Filter.Not(C("age", FilterOperator.Gt, 25.0))));
    }

    [Test]
    public void Empty_forms_match_everything()
    {
        Assert.That(Read("{}"), Is.Null);
        Assert.That(Read("[]"), Is.Null);
        Assert.That(Read("null"), Is.Null);
    }

    [TestCase("=", FilterOperator.Eq)]
    [TestCase("==", FilterOperator.Eq)]
    [TestCase("!=", FilterOperator.Ne)]
    [TestCase("<>", FilterOperator.Ne)]
    [TestCase(">", FilterOperator.Gt)]
    [TestCase(">=", FilterOperator.Gte)]
    [TestCase("<", FilterOperator.Lt)]
    [TestCase("<=", FilterOperator.Lte)]
    public void Legacy_comparison_words_read_to_the_ast(string word, FilterOperator expected)
    {
        Assert.That(Read($$"""[["age","{{word}}",30]]"""), Is.EqualTo(C("age", expected, 30.0)));
    }

    [TestCase("contains", FilterOperator.Contains)]
    [TestCase("like", FilterOperator.Contains)]
    [TestCase("startswith", FilterOperator.StartsWith)]
    [TestCase("starts_with", FilterOperator.StartsWith)]
    [TestCase("endswith", FilterOperator.EndsWith)]
    [TestCase("ends_with", FilterOperator.EndsWith)]
    [TestCase("CONTAINS", FilterOperator.Contains)]
    public void Legacy_text_words_read_to_the_ast(string word, FilterOperator expected)
    {
        Assert.That(Read($$"""["name","{{word}}","Al"]"""), Is.EqualTo(C("name", expected, "Al")));
    }

    [Test]
    public void Legacy_list_words_read_to_the_ast()
    {
        Assert.That(Read("""[["role","in",["admin"]]]"""), Is.EqualTo(C("role", FilterOperator.In, new object?[] { "admin" })));
        Assert.That(Read("""[["role","not in",["admin"]]]"""), Is.EqualTo(C("role", FilterOperator.Nin, new object?[] { "admin" })));
        Assert.That(Read("""[["role","nin",["admin"]]]"""), Is.EqualTo(C("role", FilterOperator.Nin, new object?[] { "admin" })));
        Assert.That(Read("""[["age","between",[1,2]]]"""), Is.EqualTo(C("age", FilterOperator.Between, new object[] { 1.0, 2.0 })));
        Assert.That(Read("""[["name","not_contains","x"]]"""), Is.EqualTo(new Filter.Not(C("name", FilterOperator.Contains, "x"))));
    }

    [Test]
    public void Legacy_and_binds_tighter_than_or()
    {
        var a = C("role", FilterOperator.Eq, "admin");
        var b = C("age", FilterOperator.Gt, 30.0);
        var c = C("active", FilterOperator.Eq, true);
        Assert.That(Read("""[["role","=","admin"],"or",["age",">",30],"and",["active","=",true]]"""), Is.EqualTo(new Filter.Or([a, new Filter.And([b, c])])));
        Assert.That(Read("""[["role","=","admin"],"and",["age",">",30],"or",["active","=",true]]"""), Is.EqualTo(new Filter.Or([new Filter.And([a, b]), c])));
        Assert.That(Read("""[["role","=","admin"],["age",">",30]]"""), Is.EqualTo(new Filter.And([a, b])), "adjacent conditions are anded");
        Assert.That(Read("""[[["role","=","admin"],"or",["age",">",30]],"and",["active","=",true]]"""), Is.EqualTo(new Filter.And([new Filter.Or([a, b]), c])), "nested groups");
    }

    [TestCase("""{"age":{"$regex":"3"}}""", "age")]
    [TestCase("""{"age":{"$foo":3}}""", "age")]
    [TestCase("""[["age","~",3]]""", "age")]
    [TestCase("""{"nickname":"x"}""", "nickname")]
    [TestCase("""[["nickname","=","x"]]""", "nickname")]
    [TestCase("""{"age":{"$gt":"thirty"}}""", "age")]
    [TestCase("""{"age":[1,2]}""", "age")]
    [TestCase("""{"role":{"$in":"admin"}}""", "role")]
    [TestCase("""{"age":{"$contains":"3"}}""", "age")]
    [TestCase("""{"age":{}}""", "age")]
    [TestCase("""{"age":{"$between":[1]}}""", "age")]
    [TestCase("""{"active":{"$null":"yes"}}""", "active")]
    public void Bad_filters_are_invalid_requests_naming_the_field(string json, string field)
    {
        var error = Assert.Throws<ObjectQLException>(() => Read(json))!;
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
        Assert.That(error.Field, Is.EqualTo(field));
    }

    [TestCase("""{"$where":"1"}""")]
    [TestCase("""[["age",">",1],"and"]""")]
    [TestCase("""["and",["age",">",1]]""")]
    [TestCase("""[["age",">",1],"xor",["age","<",3]]""")]
    [TestCase("""{"age": """)]
    [TestCase("""{"age":1} {}""")]
    [TestCase("42")]
    public void Malformed_filters_are_invalid_requests(string json)
    {
        var error = Assert.Throws<ObjectQLException>(() => Read(json))!;
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
    }

    [Test]
    public void Aliases_read_like_canonical_keys()
    {
        var canonical = QueryJsonReader.Read("""{"where":{"role":"user"},"orderBy":[{"field":"age","order":"desc"}],"limit":5,"offset":10}""", User);
        var aliased = QueryJsonReader.Read("""{"filters":[["role","=","user"]],"sort":[["age","desc"]],"top":5,"skip":10}""", User);
        Assert.That(aliased, Is.EqualTo(canonical));
        Assert.That(QueryJsonReader.Read("""{"limit":3,"top":7}""", User).Limit, Is.EqualTo(7), "top wins over limit");
    }

    [TestCase("""[{"field":"age","order":"desc"},{"field":"name"}]""")]
    [TestCase("""[["age","desc"],["name","asc"]]""")]
    [TestCase("""["-age","name"]""")]
    [TestCase("\"-age,name\"")]
    [TestCase("""{"age":-1,"name":1}""")]
    [TestCase("""{"age":"DESC","name":"asc"}""")]
    [TestCase("""["age desc","+name"]""")]
    public void Every_sort_form_reads_to_the_same_order(string sort)
    {
        var query = QueryJsonReader.Read($$"""{"sort":{{sort}}}""", User);
        Assert.That(query.OrderBy, Is.EqualTo(new[] { new SortSpec("age", SortDirection.Descending), new SortSpec("name") }));
    }

    [TestCase("""{"sort":[["age","sideways"]]}""", "age")]
    [TestCase("""{"sort":["-nickname"]}""", "nickname")]
    [TestCase("""{"limit":-1}""", "limit")]
    [TestCase("""{"skip":"ten"}""", "skip")]
    [TestCase("""{"where":{},"filters":{}}""", "filters")]
    [TestCase("""{"expand":{"project":{}}}""", "project")]
    [TestCase("""{"expand":{"name":{"fields":["x"]}}}""", "name")]
    [TestCase("""{"expand":{"department":{"limit":1}}}""", "department")]
    [TestCase("""{"expand":42}""", "expand")]
    [TestCase("""{"having":{}}""", "having")]
    [TestCase("""{"fields":["name","nickname"]}""", "nickname")]
    [TestCase("""{"groupBy":["role"],"aggregate":[{"func":"sum","field":"name","alias":"s"}]}""", "name")]
    public void Bad_queries_are_invalid_requests_naming_the_key(string json, string field)
    {
        var error = Assert.Throws<ObjectQLException>(() => QueryJsonReader.Read(json, User))!;
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
        Assert.That(error.Field, Is.EqualTo(field));
    }

    [Test]
    public void Aggregations_read_both_dialect_keys()
    {
        var query = QueryJsonReader.Read("""{"filters":{"role":"user"},"groupBy":["department"],"aggregate":[{"func":"avg","field":"age","alias":"mean"},{"function":"COUNT"}]}""", User);
        Assert.That(query.GroupBy, Is.EqualTo(new[] { "department" }));
        Assert.That(query.Aggregations, Is.EqualTo(new[] { new Aggregation(AggregateFunction.Avg, "age", "mean"), new Aggregation(AggregateFunction.Count, null, "count") }));
    }
}
