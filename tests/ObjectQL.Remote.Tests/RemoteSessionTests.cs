using ObjectQL.Querying;
using ObjectQL.Remote.Tests.Server;
using Remote.Model;

namespace ObjectQL.Remote.Tests;

/// <summary>
/// What a remote session does beyond the kit's questions: authentication, the server's refusals as the same error codes,
/// what it refuses itself because HTTP cannot carry it, paging past the server's page size, cancellation.
/// </summary>
public sealed class RemoteSessionTests : ServedDatabaseTests
{
    private static ObjectQLException Refused(string code, AsyncTestDelegate call)
    {
        var error = Assert.ThrowsAsync<ObjectQLException>(call);
        Assert.That(error!.Code, Is.EqualTo(code), error.Message);
        return error;
    }

    [Test]
    public void A_call_without_a_token_is_unauthorized()
    {
        Refused(ErrorCodes.Unauthorized, () => Served.Session(null).TodoItems().CountAsync());
    }

    [Test]
    public async Task A_caller_without_the_role_is_forbidden_and_nothing_is_written()
    {
        Refused(ErrorCodes.Forbidden, () => Served.Session(ServedDatabase.Guest).TodoItems().CreateAsync(new TodoItem { Title = "no", Owner = "gus" }));
        Assert.That(await Served.Database.Object("todo_item").CountAsync(), Is.Zero);
    }

    [Test]
    public void An_object_without_permissions_is_not_served_to_users()
    {
        var error = Refused(ErrorCodes.Forbidden, () => Served.Session(ServedDatabase.Alice).Users().CountAsync());
        Assert.That(error.Details.Select(static d => d.Reason), Does.Contain("no_permissions"));
    }

    [Test]
    public void An_object_the_model_does_not_hold_is_not_found_without_a_request()
    {
        var error = Refused(ErrorCodes.NotFound, () => Task.FromResult(Served.Session(ServedDatabase.Alice).Object("invoice")));
        Assert.That(error.Message, Does.Contain("invoice"));
    }

    [Test]
    public async Task A_transaction_is_refused_naming_the_alternatives()
    {
        var session = Served.Session(ServedDatabase.System);
        var error = Refused(ErrorCodes.DriverUnsupportedOperation, () => session.TransactionAsync((s, ct) => s.TodoItems().CountAsync(cancellationToken: ct)));
        Assert.That(error.Message, Does.Contain("compare-and-swap").And.Contain("ObjectQLSession.TransactionAsync"));
        Assert.That(await Served.Database.Object("todo_item").CountAsync(), Is.Zero);
    }

    [Test]
    public async Task Per_record_batched_updates_are_refused_and_change_nothing()
    {
        var todos = Served.Session(ServedDatabase.Alice).TodoItems();
        var created = await todos.CreateAsync(new TodoItem { Title = "keep", Owner = "alice" });
        var error = Refused(ErrorCodes.DriverUnsupportedOperation,
            () => todos.UpdateManyAsync([(created.Id!, (IPatch<TodoItem>)new TodoItemPatch { Title = "changed" })]));
        Assert.That(error.Message, Does.Contain("UpdateManyAsync(where, patch)"));
        Assert.That((await todos.FindOneAsync(created.Id!))!.Title, Is.EqualTo("keep"));
    }

    [Test]
    public async Task Text_json_cannot_carry_is_refused_as_the_pipeline_refuses_it_and_nothing_is_sent()
    {
        var todos = Served.Session(ServedDatabase.Alice).TodoItems();
        var error = Refused(ErrorCodes.ValidationError, () => todos.CreateAsync(new TodoItem { Title = "a\ud800b", Owner = "alice" }));
        Assert.That(error.Details.Select(static d => d.Field), Does.Contain("title"));
        Refused(ErrorCodes.InvalidRequest, () => todos.CountAsync(TodoItem.Fields.Title.Eq("\udc00")));
        Assert.That(await Served.Database.Object("todo_item").CountAsync(), Is.Zero);
    }

    [Test]
    public async Task A_find_reads_past_the_servers_page_size_until_the_answer_is_whole()
    {
        var todos = Served.Session(ServedDatabase.Alice, pageSize: 2).TodoItems();
        await todos.CreateManyAsync(Enumerable.Range(1, 5).Select(i => new TodoItem { Title = $"t{i}", Owner = "alice", EstimateHours = i }));
        var order = new[] { TodoItem.Fields.EstimateHours.Desc() };
        Assert.That((await todos.FindAsync(null, order)).Select(static t => t.Title), Is.EqualTo(new[] { "t5", "t4", "t3", "t2", "t1" }));
        Assert.That((await todos.FindAsync(null, order, limit: 3, offset: 1)).Select(static t => t.Title), Is.EqualTo(new[] { "t4", "t3", "t2" }));
    }

    [Test]
    public void A_page_size_of_zero_is_refused_when_the_session_is_made()
    {
        Assert.Throws<ArgumentException>(() => Served.Session(ServedDatabase.Alice, pageSize: 0));
    }

    [Test]
    public async Task Aggregates_and_distinct_values_see_only_what_the_caller_may_read()
    {
        await Served.Database.Object("todo_item").CreateManyAsync(
        [
            new Record { ["title"] = "a", ["owner"] = "alice", ["estimate_hours"] = 2.0, ["priority"] = "high" },
            new Record { ["title"] = "b", ["owner"] = "alice", ["estimate_hours"] = 3.0, ["priority"] = "low" },
            new Record { ["title"] = "c", ["owner"] = "bob", ["estimate_hours"] = 100.0, ["priority"] = "low" },
        ]);
        var todos = Served.Session(ServedDatabase.Alice).TodoItems();
        var rows = await todos.AggregateAsync(new Query
        {
            GroupBy = ["priority"],
            Aggregations = [new Aggregation(AggregateFunction.Sum, "estimate_hours", "hours"), new Aggregation(AggregateFunction.Count, null, "n")],
        });
        Assert.That(rows.Select(static r => (r["priority"], r["hours"], r["n"])), Is.EqualTo(new[] { ((object?)"high", (object?)2.0, (object?)1L), ("low", 3.0, 1L) }),
            "bob's item is outside alice's record rule");
        Assert.That(await todos.DistinctAsync(TodoItem.Fields.Priority), Is.EqualTo(new[] { TodoItemPriority.High, TodoItemPriority.Low }));
    }

    [Test]
    public void A_cancelled_call_is_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.That(() => Served.Session(ServedDatabase.Alice).TodoItems().CountAsync(cancellationToken: cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void An_answer_without_an_error_body_gets_the_code_of_its_status_and_is_never_a_missing_record()
    {
        using var client = new HttpClient();
        // Nothing is mapped here: the host answers 404 with an empty body, as a proxy in front of a missing route would.
        var session = new RemoteSession(client, AppModel.Objects, new RemoteSessionOptions
        {
            Endpoint = new Uri(Served.Server.Address, "elsewhere"),
            AccessToken = static _ => ValueTask.FromResult<string?>(ServedDatabase.Alice),
        });
        var error = Refused(ErrorCodes.NotFound, () => session.TodoItems().FindOneAsync("some-id"));
        Assert.That(error.Message, Does.Contain("404").And.Contain("no ObjectQL error body"));
        Refused(ErrorCodes.NotFound, () => session.TodoItems().DeleteAsync("some-id"));
    }
}
