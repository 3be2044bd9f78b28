using System.Data;
using ObjectQL.Drivers;
using ObjectQL.Drivers.Memory;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Testing;

namespace ObjectQL.Tests;

// The pipeline side of auto_number: the open-time check, required numbers and hook-given values. The conformance kit
// (DriverConformanceTests.AutoNumber.cs) proves the counters on every driver.
public sealed class AutoNumberPipelineTests
{
    private static readonly ObjectDefinition Invoice = TestModels.Object("tck_invoice",
        TestModels.Field("number", FieldType.AutoNumber) with { Required = true },
        TestModels.Field("customer", FieldType.Text));

    [Test]
    public async Task Open_over_a_driver_without_counters_fails_naming_the_auto_number_field()
    {
        await using var store = new MemoryDriver();
        var error = Assert.ThrowsAsync<ObjectQLException>(() => ObjectQLDatabase.OpenAsync(new CounterlessDriver(store), new ObjectModel([Invoice])));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
        Assert.That(error.Details.Select(static d => d.Field), Does.Contain("number"));
        Assert.That(error.Message, Does.Contain("tck_invoice"));
    }

    [Test]
    public async Task Open_over_a_driver_without_counters_succeeds_when_no_field_is_an_auto_number()
    {
        await using var store = new MemoryDriver();
        var db = await ObjectQLDatabase.OpenAsync(new CounterlessDriver(store), new ObjectModel([TestModels.Note]));
        var created = await db.Object("tck_note").CreateAsync(new Record { ["title"] = "plain" });
        Assert.That(created["title"], Is.EqualTo("plain"));
    }

    [Test]
    public async Task Open_refuses_a_multi_valued_auto_number_naming_the_field()
    {
        var batches = TestModels.Object("tck_batch", TestModels.Field("codes", FieldType.AutoNumber) with { Multiple = true });
        await using var store = new MemoryDriver();
        var error = Assert.ThrowsAsync<ObjectQLException>(() => ObjectQLDatabase.OpenAsync(store, new ObjectModel([batches])));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
        Assert.That(error.Details.Select(static d => (d.Field, d.Reason)), Does.Contain(("codes", "multiple_auto_number")));
    }

    [Test]
    public async Task Required_auto_number_is_satisfied_by_the_assigned_number()
    {
        await using var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), new ObjectModel([Invoice]));
        var created = await db.Object("tck_invoice").CreateAsync(new Record { ["customer"] = "Acme" });
        Assert.That(created["number"], Is.EqualTo("1"));
    }

    [Test]
    public async Task Before_create_hook_value_is_kept_and_takes_no_number()
    {
        await using var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), new ObjectModel([Invoice]));
        db.Hooks.Before(HookOperation.Create, "tck_invoice", (context, _) =>
        {
            if (context.Data!["customer"] is "Imported")
            {
                context.Data["number"] = "LEGACY-7";
            }
            return ValueTask.CompletedTask;
        });
        var created = await db.Object("tck_invoice").CreateManyAsync(
            [new Record { ["customer"] = "Imported" }, new Record { ["customer"] = "New" }]);
        Assert.That(created.Select(static r => r["number"]), Is.EqualTo(new object[] { "LEGACY-7", "1" }));
    }

    [Test]
    public async Task Caller_given_number_that_is_not_text_is_rejected()
    {
        await using var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), new ObjectModel([Invoice]));
        var error = Assert.ThrowsAsync<ObjectQLException>(() => db.Object("tck_invoice").CreateAsync(new Record { ["number"] = new[] { "a", "b" } }));
        Assert.That(error!.Details.Select(static d => d.Field), Does.Contain("number"));
        Assert.That(await db.Object("tck_invoice").CountAsync(), Is.Zero);
    }

    // A real store that does not offer the counter capability: every call goes to the memory driver underneath, and it
    // hides the capability on purpose.
    private sealed class CounterlessDriver(MemoryDriver inner) : PassThroughDriver(inner)
    {
        public override string Name => "counterless";

        public override TCapability? GetCapability<TCapability>()
            where TCapability : class => typeof(TCapability) == typeof(ISequenceDriver) ? null : base.GetCapability<TCapability>();
    }
}
