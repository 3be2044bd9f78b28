using System.Reflection;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Sqlite;
using ObjectQL.Testing;

namespace ObjectQL.Sql.Tests;

/// <summary>Decorators forward every optional driver capability, and only those the driver underneath has.</summary>
public sealed class DelegatingDriverTests
{
    // Every optional capability the core defines: the interfaces of ObjectQL.Drivers besides the driver and its transaction.
    private static readonly Type[] Capabilities = typeof(IObjectQLDriver).Assembly.GetExportedTypes()
        .Where(static t => t.IsInterface && t.Namespace == typeof(IObjectQLDriver).Namespace && t != typeof(IObjectQLDriver) && t != typeof(IDriverTransaction))
        .ToArray();

    [Test]
    public void The_core_defines_the_known_capabilities()
    {
        Assert.That(Capabilities, Is.SupersetOf(new[]
        {
            typeof(ISequenceDriver), typeof(ITypedReadDriver), typeof(ITypedWriteDriver), typeof(IVersionIncrementingDriver), typeof(ITransactionModelDriver), typeof(IInternalTablesDriver),
        }));
    }

    [TestCaseSource(nameof(Capabilities))]
    public async Task A_decorator_over_a_driver_with_a_capability_offers_it(Type capability)
    {
        // The SQL driver is the reference; a pull applied in the store is the browser store's alone, so a stand-in has it.
        await using IObjectQLDriver inner = capability == typeof(IPulledPagesDriver) ? new PullingPages() : new SqliteDriver("Data Source=:memory:");
        Assert.That(capability.IsInstanceOfType(inner), $"The SQL driver is the reference and should have {capability.Name}.");
        await using var decorated = new Plain(inner);
        Assert.That(Get(capability, decorated), Is.SameAs(decorated), $"DelegatingDriver drops {capability.Name}: implement and forward it.");
    }

    [TestCaseSource(nameof(Capabilities))]
    public async Task A_decorator_over_a_driver_without_a_capability_does_not_claim_it(Type capability)
    {
        await using var decorated = new Plain(new Bare());
        Assert.That(Get(capability, decorated), Is.Null);
    }

    [Test]
    public async Task Decorators_stack_and_still_reach_the_inner_capability()
    {
        await using var sql = new SqliteDriver("Data Source=:memory:");
        await using var decorated = new Plain(new Plain(sql));
        var numbered = TestModel.Task(edit: static fields => [.. fields, TestModel.Field("ticket", FieldType.AutoNumber)]);
        await decorated.InitializeAsync(new ObjectModel([numbered]));
        var sequences = DriverCapabilities.Get<ISequenceDriver>(decorated);
        Assert.That(sequences, Is.Not.Null);
        Assert.That(await sequences!.ReserveAsync(numbered, "ticket", 3), Is.EqualTo(1));
        Assert.That(await sequences.ReserveAsync(numbered, "ticket", 1), Is.EqualTo(4));
        Assert.That(DriverCapabilities.TransactionModelOf(decorated), Is.EqualTo(TransactionModel.Interactive));
    }

    [Test]
    public async Task Calling_a_capability_the_inner_driver_lacks_is_refused()
    {
        await using var decorated = new Plain(new Bare());
        var error = Assert.ThrowsAsync<ObjectQLException>(() => decorated.ReserveAsync(TestModel.Task(), "ticket", 1));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.DriverUnsupportedOperation));
    }

    private static object? Get(Type capability, IObjectQLDriver driver) =>
        typeof(DriverCapabilities).GetMethod(nameof(DriverCapabilities.Get), BindingFlags.Public | BindingFlags.Static)!
            .MakeGenericMethod(capability).Invoke(null, [driver]);

    private sealed class Plain(IObjectQLDriver inner) : PassThroughDriver(inner);

    // A driver whose one optional capability is IPulledPagesDriver (answering every step with a refusal).
    private sealed class PullingPages() : PassThroughDriver(new Drivers.Memory.MemoryDriver()), IPulledPagesDriver
    {
        public override TCapability? GetCapability<TCapability>()
            where TCapability : class => this as TCapability;

        Task<string> IPulledPagesDriver.RunPullStepAsync(PulledPagesPlan plan, string step, byte[]? body, IDriverTransaction? transaction, CancellationToken cancellationToken) =>
            Task.FromResult("""{"ok":false,"reason":"a stand-in"}""");
    }

    // A driver with no optional capability at all: the memory driver's basic calls, behind a decorator that hides the rest.
    private sealed class Bare() : PassThroughDriver(new Drivers.Memory.MemoryDriver())
    {
        public override TCapability? GetCapability<TCapability>()
            where TCapability : class => null;
    }
}
