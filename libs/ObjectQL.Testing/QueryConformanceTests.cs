using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

/// <summary>
/// The query half of the conformance kit: filters, sorts, paging, aggregates, tricky strings and bad input, asked through
/// <see cref="Session"/>'s repositories (<see cref="Users"/>, <see cref="Orders"/>, <see cref="Notes"/>,
/// <see cref="AllTypes"/>). <see cref="DriverConformanceTests"/> derives from it and adds the cases that need the local
/// pipeline or the driver itself; a session that is not the local pipeline (a remote one) derives from this class and
/// overrides <see cref="Session"/>, so it answers the same questions over the database opened here.
/// </summary>
public abstract partial class QueryConformanceTests
{
    /// <summary>The instant the test clock starts at.</summary>
    protected static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private ObjectQLDatabase? _database;
    private IObjectQLDriver? _driver;

    /// <summary>Creates a fresh, empty driver for one test.</summary>
    protected abstract Task<IObjectQLDriver> CreateDriverAsync();

    /// <summary>Runs after each test, once the database (and with it the driver) is disposed: delete files, drop schemas.</summary>
    protected virtual Task TearDownDriverAsync() => Task.CompletedTask;

    /// <summary>The model the kit opens; the kit's objects by default.</summary>
    protected virtual ObjectModel Model => TestModels.Conformance;

    /// <summary>
    /// The options the kit opens its databases with: the test clock by default. A host whose CPU is much slower adds to
    /// them (interpreted WebAssembly needs a longer <see cref="ObjectQLOptions.RegexTimeout"/>).
    /// </summary>
    protected virtual ObjectQLOptions CreateOptions() => new() { TimeProvider = Clock };

    /// <summary>The test clock; advance it instead of sleeping.</summary>
    protected FakeTimeProvider Clock { get; private set; } = new(Start);

    /// <summary>The driver under test.</summary>
    protected IObjectQLDriver Driver => _driver ?? throw new InvalidOperationException("The driver is created in SetUp.");

    /// <summary>The database over the driver, in the system context.</summary>
    protected ObjectQLDatabase Db => _database ?? throw new InvalidOperationException("The database is opened in SetUp.");

    /// <summary>
    /// True when the driver holds no transaction open across calls (<see cref="TransactionModel.Batched"/>): cases whose
    /// answer differs then check the batch-only behaviour docs/drivers.md documents instead.
    /// </summary>
    protected bool IsBatched => DriverCapabilities.TransactionModelOf(Driver) == TransactionModel.Batched;

    /// <summary>
    /// Where <see cref="Users"/>, <see cref="Orders"/>, <see cref="Notes"/> and <see cref="AllTypes"/> come from: the
    /// database itself (the local pipeline) by default; a remote session over a server that serves <see cref="Db"/>.
    /// </summary>
    protected virtual IObjectQLSession Session => Db;

    /// <summary><c>tck_user</c> through <see cref="Session"/>.</summary>
    protected IObjectRepository Users => Session.Object(TestModels.User.Name);

    /// <summary><c>tck_order</c> through <see cref="Session"/>.</summary>
    protected IObjectRepository Orders => Session.Object(TestModels.Order.Name);

    /// <summary><c>tck_note</c> through <see cref="Session"/>.</summary>
    protected IObjectRepository Notes => Session.Object(TestModels.Note.Name);

    /// <summary><c>tck_all_types</c> through <see cref="Session"/>.</summary>
    protected IObjectRepository AllTypes => Session.Object(TestModels.AllTypes.Name);

    /// <summary>Opens the database over a fresh driver.</summary>
    [SetUp]
    public async Task OpenDatabaseAsync()
    {
        Clock = new FakeTimeProvider(Start);
        _driver = await CreateDriverAsync().ConfigureAwait(false);
        _database = await ObjectQLDatabase.OpenAsync(_driver, Model, CreateOptions()).ConfigureAwait(false);
    }

    /// <summary>Disposes the database and the driver, then calls <see cref="TearDownDriverAsync"/>.</summary>
    [TearDown]
    public async Task CloseDatabaseAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync().ConfigureAwait(false);
        }
        else if (_driver is not null)
        {
            await _driver.DisposeAsync().ConfigureAwait(false);
        }
        _database = null;
        _driver = null;
        await TearDownDriverAsync().ConfigureAwait(false);
    }

    /// <summary>A record from field/value pairs.</summary>
    protected static Record R(params (string Field, object? Value)[] fields)
    {
        var record = new Record(fields.Length);
        foreach (var (field, value) in fields)
        {
            record[field] = value;
        }
        return record;
    }

    /// <summary>The ids of <paramref name="records"/>, in order.</summary>
    protected static string[] Ids(IEnumerable<Record> records) => records.Select(static r => r.Id!).ToArray();

    /// <summary>The ids of <paramref name="records"/>, sorted ordinally (for set comparisons).</summary>
    protected static string[] SortedIds(IEnumerable<Record> records) => Ids(records).Order(StringComparer.Ordinal).ToArray();

    /// <summary>A comparison filter.</summary>
    protected static Filter Where(string field, FilterOperator op, object? value) => new Filter.Comparison(field, op, value);

    /// <summary>Asserts that <paramref name="action"/> throws an <see cref="ObjectQLException"/> with <paramref name="code"/> (and names <paramref name="field"/> when given).</summary>
    protected static async Task<ObjectQLException> ThrowsAsync(string code, string? field, Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (ObjectQLException e)
        {
            Assert.That(e.Code, Is.EqualTo(code), e.Message);
            if (field is not null)
            {
                Assert.That(e.Details.Select(static d => d.Field), Does.Contain(field), e.Message);
            }
            return e;
        }
        Assert.Fail($"Expected an ObjectQLException with code {code}, but nothing was thrown.");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>
    /// Asserts that <paramref name="action"/> throws exactly <typeparamref name="TException"/> and returns it. It awaits
    /// where NUnit's <c>Assert.ThrowsAsync</c> waits synchronously, which single-threaded browser WebAssembly cannot.
    /// </summary>
    protected static async Task<TException> FailsWithAsync<TException>(Func<Task> action)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (TException e) when (e.GetType() == typeof(TException))
        {
            return e;
        }
        catch (Exception e) when (e is not AssertionException)
        {
            Assert.Fail($"Expected {typeof(TException).Name}, but {e.GetType().Name} was thrown: {e.Message}");
        }
        Assert.Fail($"Expected {typeof(TException).Name}, but nothing was thrown.");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>
    /// Seeds <c>tck_user</c>: u1 Alice admin 30 active IT, u2 Bob user 25 active HR, u3 Charlie user 35 inactive IT,
    /// u4 Dana with no role, age or active flag, HR.
    /// </summary>
    protected async Task SeedUsersAsync()
    {
        await Users.CreateManyAsync(
        [
            R(("id", "u1"), ("name", "Alice"), ("email", "alice@example.com"), ("role", "admin"), ("age", 30.0), ("active", true), ("department", "IT"), ("tags", new[] { "a", "lead" })),
            R(("id", "u2"), ("name", "Bob"), ("email", "bob@example.com"), ("role", "user"), ("age", 25.0), ("active", true), ("department", "HR"), ("tags", new[] { "b" })),
            R(("id", "u3"), ("name", "Charlie"), ("email", "charlie@example.com"), ("role", "user"), ("age", 35.0), ("active", false), ("department", "IT")),
            R(("id", "u4"), ("name", "Dana"), ("department", "HR")),
        ]).ConfigureAwait(false);
    }

    /// <summary>The ids of users matching <paramref name="where"/>, sorted.</summary>
    protected async Task<string[]> UserIdsAsync(Filter? where) => SortedIds(await Users.FindAsync(new Query { Where = where }).ConfigureAwait(false));
}
