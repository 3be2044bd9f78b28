using System.Text;
using System.Text.Json;
using NUnit.Framework;
using ObjectQL.Querying;
using ObjectQL.Querying.Json;

namespace ObjectQL.Testing;

/// <summary>The one nesting limit of filters (<see cref="FilterLimits"/>), at every entry point and on every store.</summary>
public abstract partial class DriverConformanceTests
{
    // age > 26 (u1, u3), wrapped in and/or/not-not groups that keep its meaning until the filter is `depth` levels deep.
    private static Filter NestedFilter(int depth)
    {
        Filter filter = W("age", FilterOperator.Gt, 26.0);
        var level = 1;
        while (level < depth)
        {
            if (depth - level >= 2 && level % 5 == 0)
            {
                filter = !!filter;
                level += 2;
                continue;
            }
            filter = level % 2 == 0
                ? new Filter.And([W("name", FilterOperator.Ne, "zz-nobody"), filter])
                : new Filter.Or([filter, W("age", FilterOperator.Eq, -1.0)]);
            level++;
        }
        return filter;
    }

    private static int DepthOf(Filter filter) => filter switch
    {
        Filter.And and => 1 + and.Operands.Max(DepthOf),
        Filter.Or or => 1 + or.Operands.Max(DepthOf),
        Filter.Not not => 1 + DepthOf(not.Operand),
        _ => 1,
    };

    // {"$and":[ ... {"age":{"$gt":26}} ... ]} with `depth` filter levels.
    private static string NestedJson(int depth)
    {
        var json = new StringBuilder();
        for (var i = 1; i < depth; i++)
        {
            json.Append("{\"$and\":[");
        }
        json.Append("{\"age\":{\"$gt\":26}}");
        for (var i = 1; i < depth; i++)
        {
            json.Append("]}");
        }
        return json.ToString();
    }

    private async Task AssertTooDeepAsync(Filter filter)
    {
        foreach (var action in new Func<Task>[]
        {
            () => Users.FindAsync(new Query { Where = filter }),
            () => Users.CountAsync(filter),
            () => Users.UpdateManyAsync(filter, R(("age", 1.0))),
            () => Users.DeleteManyAsync(filter),
        })
        {
            var failure = await ThrowsAsync(ErrorCodes.InvalidRequest, "where", action);
            Assert.That(failure.Details[0].Reason, Is.EqualTo("too_deep"));
            Assert.That(failure.Message, Does.Contain(FilterLimits.MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>A filter exactly <see cref="FilterLimits.MaxDepth"/> deep runs on the store; one level more is refused.</summary>
    [Test]
    public async Task Filter_at_the_depth_limit_runs_and_one_level_more_is_invalid_request()
    {
        await SeedUsersAsync();
        var atLimit = NestedFilter(FilterLimits.MaxDepth);
        Assert.That(DepthOf(atLimit), Is.EqualTo(FilterLimits.MaxDepth));
        Assert.That(await UserIdsAsync(atLimit), Is.EqualTo(new[] { "u1", "u3" }));
        Assert.That(await Users.CountAsync(atLimit), Is.EqualTo(2));
        var pastLimit = new Filter.And([W("name", FilterOperator.Ne, "zz-nobody"), atLimit]);
        await AssertTooDeepAsync(pastLimit);
        Assert.That(await UserIdsAsync(null), Is.EqualTo(new[] { "u1", "u2", "u3", "u4" }), "nothing was changed or deleted");
        Assert.That(await Users.CountAsync(W("age", FilterOperator.Eq, 1.0)), Is.EqualTo(0));
    }

    /// <summary>
    /// Width is not depth: $or and $and of 5,000 operands run on every store with the memory driver's answers, or, on a
    /// store with a statement size limit (<see cref="StatementByteLimit"/>), are refused as <c>statement_too_large</c>.
    /// </summary>
    [Test]
    public async Task Wide_filters_of_five_thousand_operands_run_on_every_store()
    {
        await SeedUsersAsync();
        var ages = Enumerable.Range(0, 5_000).Select(i => W("age", FilterOperator.Eq, (double)i)).ToArray();
        var names = Enumerable.Range(0, 5_000).Select(i => W("name", FilterOperator.Ne, $"nobody-{i}")).ToArray();
        await WideAsync(async () => Assert.That(await UserIdsAsync(new Filter.Or(ages)), Is.EqualTo(new[] { "u1", "u2", "u3" })));
        await WideAsync(async () => Assert.That(await UserIdsAsync(new Filter.And(names)), Is.EqualTo(new[] { "u1", "u2", "u3", "u4" })));
        await WideAsync(async () => Assert.That(await UserIdsAsync(!new Filter.Or(ages)), Is.EqualTo(new[] { "u4" })));
        await WideAsync(async () => Assert.That(await Users.CountAsync(new Filter.And([new Filter.Or(ages), new Filter.And(names)])), Is.EqualTo(3)));
        Assert.That(await Users.CountAsync(), Is.EqualTo(4));
    }

    /// <summary>The largest SQL statement the store accepts, in UTF-8 bytes; null (the default) when it has no such limit.</summary>
    protected virtual int? StatementByteLimit => null;

    private async Task WideAsync(Func<Task> check)
    {
        if (StatementByteLimit is null)
        {
            await check();
            return;
        }
        try
        {
            await check();
        }
        catch (ObjectQLException refused) when (refused.Details.Any(static d => d.Reason == "statement_too_large"))
        {
            Assert.That(refused.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
            Assert.That(refused.Message, Does.Contain(StatementByteLimit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>A hand-built filter 100,000 levels deep is refused before any work, without exhausting the stack.</summary>
    [Test]
    public async Task Hundred_thousand_level_filter_is_refused_without_overflow()
    {
        await SeedUsersAsync();
        Filter negations = W("age", FilterOperator.Gt, 26.0);
        Filter conjunctions = negations;
        for (var i = 0; i < 100_000; i++)
        {
            negations = new Filter.Not(negations);
            conjunctions = new Filter.And([W("name", FilterOperator.Ne, "x"), conjunctions]);
        }
        await AssertTooDeepAsync(negations);
        await AssertTooDeepAsync(conjunctions);
        Assert.That(await Users.CountAsync(), Is.EqualTo(4));
    }

    /// <summary>JSON filters: at the limit they run, one level more and a 10,000-level parsed element are refused alike.</summary>
    [Test]
    public async Task Json_filter_depth_is_checked_for_text_and_parsed_elements()
    {
        await SeedUsersAsync();
        var atLimit = FilterJsonReader.Read(NestedJson(FilterLimits.MaxDepth), TestModels.User);
        Assert.That(await UserIdsAsync(atLimit), Is.EqualTo(new[] { "u1", "u3" }));

        var pastLimit = NestedJson(FilterLimits.MaxDepth + 1);
        using var deep = JsonDocument.Parse(NestedJson(10_000), new JsonDocumentOptions { MaxDepth = 30_000 });
        using var legacy = JsonDocument.Parse(new string('[', 10_000) + "[\"age\",\">\",26]" + new string(']', 10_000), new JsonDocumentOptions { MaxDepth = 30_000 });
        foreach (var read in new Func<Task>[]
        {
            () => Task.FromResult(FilterJsonReader.Read(pastLimit, TestModels.User)),
            () => Task.FromResult(FilterJsonReader.Read(deep.RootElement, TestModels.User)),
            () => Task.FromResult(FilterJsonReader.Read(NestedJson(10_000), TestModels.User)),
            () => Task.FromResult(FilterJsonReader.Read(legacy.RootElement, TestModels.User)),
            () => Task.FromResult(QueryJsonReader.Read("{\"filters\":" + NestedJson(10_000) + "}", TestModels.User)),
        })
        {
            var failure = await ThrowsAsync(ErrorCodes.InvalidRequest, "where", read);
            Assert.That(failure.Details[0].Reason, Is.EqualTo("too_deep"));
        }
    }
}
