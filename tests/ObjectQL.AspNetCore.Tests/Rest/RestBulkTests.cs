using System.Net;
using ObjectQL.Querying;

namespace ObjectQL.AspNetCore.Tests.Rest;

public sealed class RestBulkTests
{
    private RestServer _server = null!;

    // One server for the fixture; every test starts from the same four records.
    [OneTimeSetUp]
    public async Task Start() => _server = await RestServer.StartAsync();

    [SetUp]
    public async Task Seed()
    {
        await _server.ResetAsync();
        await _server.PostAsync("/api/data/item", """[{"title":"a","qty":1},{"title":"b","qty":2},{"title":"c","qty":3},{"title":"d","qty":4}]""");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    private Task<long> CountAsync(Filter? where = null) => _server.Database.Object("item").CountAsync(where);

    [Test]
    public async Task Bulk_update_changes_exactly_the_matching_records()
    {
        var answer = await _server.PostAsync("/api/data/item/bulk-update", """{"filters":{"qty":{"$gt":2}},"data":{"done":true,"priority":"high"}}""");

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.OK), answer.Text);
        Assert.That(answer.Text, Is.EqualTo("""{"count":2,"@type":"item"}"""));
        var changed = await _server.Database.Object("item").FindAsync(new Query { Where = new Filter.Comparison("done", FilterOperator.Eq, true), OrderBy = [new SortSpec("title", SortDirection.Ascending)] });
        Assert.That(changed.Select(r => (r["title"], r["priority"], r["_version"])), Is.EqualTo(new[] { ((object?)"c", (object?)"high", (object?)2L), ("d", "high", 2L) }));
    }

    [Test]
    public async Task Bulk_delete_removes_exactly_the_matching_records()
    {
        var answer = await _server.PostAsync("/api/data/item/bulk-delete", """{"filters":[["qty","<=",2]]}""");

        Assert.That(answer.Text, Is.EqualTo("""{"count":2,"@type":"item"}"""));
        Assert.That(await CountAsync(), Is.EqualTo(2));
        Assert.That(await CountAsync(new Filter.Comparison("qty", FilterOperator.Lte, 2.0)), Is.Zero);
    }

    [Test]
    public async Task An_empty_filter_means_every_record_but_a_missing_one_is_refused()
    {
        var missing = await _server.PostAsync("/api/data/item/bulk-delete", "{}");
        var missingInUpdate = await _server.PostAsync("/api/data/item/bulk-update", """{"data":{"done":true}}""");
        Assert.That(missing.Status, Is.EqualTo(HttpStatusCode.BadRequest), missing.Text);
        Assert.That(missing.ErrorField, Is.EqualTo("$.filters"));
        Assert.That(missingInUpdate.Status, Is.EqualTo(HttpStatusCode.BadRequest), missingInUpdate.Text);
        Assert.That(await CountAsync(new Filter.Comparison("done", FilterOperator.Eq, true)), Is.Zero);

        var all = await _server.PostAsync("/api/data/item/bulk-delete", """{"filters":{}}""");
        Assert.That(all.Text, Is.EqualTo("""{"count":4,"@type":"item"}"""));
        Assert.That(await CountAsync(), Is.Zero);
    }

    [Test]
    public async Task A_bad_value_in_a_bulk_update_changes_nothing()
    {
        var answer = await _server.PostAsync("/api/data/item/bulk-update", """{"filters":{},"data":{"qty":"many"}}""");
        var unknownMember = await _server.PostAsync("/api/data/item/bulk-update", """{"filters":{},"data":{"qty":1},"limit":1}""");

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest), answer.Text);
        Assert.That(answer.ErrorField, Is.EqualTo("qty"));
        Assert.That(unknownMember.Status, Is.EqualTo(HttpStatusCode.BadRequest), unknownMember.Text);
        Assert.That(unknownMember.ErrorField, Is.EqualTo("$.limit"));
        Assert.That(await CountAsync(new Filter.Comparison("qty", FilterOperator.Eq, 1.0)), Is.EqualTo(1));
    }
}
