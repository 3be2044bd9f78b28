using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Observability;
using ObjectQL.Pipeline;
using ObjectQL.Security;
using ObjectQL.Validation;

namespace ObjectQL;

/// <summary>
/// A database: a driver, the model it serves, the hooks and the change feed. It is itself a session in
/// <see cref="ObjectQLOptions.DefaultContext"/> (the system context unless configured), so
/// <c>db.Object("todo_item")</c> and generated <c>db.TodoItems()</c> work directly; use <see cref="ForUser"/> or
/// <see cref="WithContext"/> to act as a user. Disposing the database disposes the driver.
/// </summary>
public sealed class ObjectQLDatabase : IObjectQLSession, IAsyncDisposable
{
    private readonly ObjectQLSession _defaultSession;
    private readonly Dictionary<string, RecordValidator> _validators;
    private string? _systemName;
    private int _disposed;

    private ObjectQLDatabase(IObjectQLDriver driver, ObjectModel model, ObjectQLOptions options, Dictionary<string, RecordValidator> validators)
    {
        _validators = validators;
        Driver = driver;
        Model = model;
        Options = options;
        Ids = new UuidV7(options.TimeProvider);
        References = new ReferenceMap(model);
        PermissionSettings = new PermissionSettings(options.AllowObjectsWithoutPermissions, options.TenantField);
        _defaultSession = new ObjectQLSession(this, options.DefaultContext, null);
        System = options.DefaultContext.IsSystem ? _defaultSession : new ObjectQLSession(this, ObjectQLContext.System, null);
    }

    /// <summary>The driver underneath.</summary>
    public IObjectQLDriver Driver { get; }

    /// <summary>The objects this database serves.</summary>
    public ObjectModel Model { get; }

    /// <summary>The options it was opened with.</summary>
    public ObjectQLOptions Options { get; }

    /// <summary>The hooks; they apply to every later call. Plugins register theirs before the database serves its first call.</summary>
    public HookRegistry Hooks { get; } = new();

    /// <summary>The change events of every write.</summary>
    public ChangeFeed Changes { get; } = new();

    /// <summary>The database's own session (<see cref="ObjectQLOptions.DefaultContext"/>).</summary>
    public ObjectQLSession Session => _defaultSession;

    /// <summary>A session in the system context, which bypasses permissions.</summary>
    public ObjectQLSession System { get; }

    internal UuidV7 Ids { get; }

    internal ReferenceMap References { get; }

    /// <summary>The driver's <c>db.system.name</c> for traces and metrics.</summary>
    internal string SystemName => _systemName ??= DbSystemNames.For(Driver.Name);

    internal PermissionSettings PermissionSettings { get; }

    internal RecordValidator Validator(ObjectDefinition definition) => _validators[definition.Name];

    /// <summary>
    /// Checks <paramref name="model"/> (every validation and permission condition must be one the runtime evaluates;
    /// otherwise <see cref="ErrorCodes.InvalidRequest"/> names it), prepares the store with
    /// <see cref="IObjectQLDriver.InitializeAsync"/> and returns the open database. A model with an <c>auto_number</c>
    /// field needs a driver implementing <see cref="ISequenceDriver"/> (otherwise <see cref="ErrorCodes.InvalidRequest"/>
    /// names the field). For several models or plugins use <see cref="CreateBuilder"/>.
    /// </summary>
    public static Task<ObjectQLDatabase> OpenAsync(
        IObjectQLDriver driver, ObjectModel model, ObjectQLOptions? options = null, CancellationToken cancellationToken = default) =>
        CreateBuilder().UseDriver(driver).AddModel(model).UseOptions(options ?? new ObjectQLOptions()).OpenAsync(cancellationToken);

    /// <summary>A builder for a database of several models, with plugins; see <see cref="ObjectQLDatabaseBuilder"/>.</summary>
    public static ObjectQLDatabaseBuilder CreateBuilder() => new();

    internal static async Task<ObjectQLDatabase> OpenCoreAsync(
        IObjectQLDriver driver, ObjectModel model, ObjectQLOptions options, IObjectQLPlugin[] plugins, CancellationToken cancellationToken)
    {
        ModelCheck.Check(model);
        AutoNumbers.Check(driver, model);
        var validators = model.Objects.ToDictionary(o => o.Name, o => new RecordValidator(o, options.RegexTimeout), StringComparer.Ordinal);
        DriverCapabilities.Get<IDiagnosticsDriver>(driver)?.UseDiagnostics(options.Diagnostics);
        foreach (var plugin in plugins)
        {
            plugin.ConfigureDriver(driver);
        }
        await driver.InitializeAsync(model, cancellationToken).ConfigureAwait(false);
        var database = new ObjectQLDatabase(driver, model, options, validators);
        foreach (var plugin in plugins)
        {
            plugin.Attach(database);
        }
        return database;
    }

    // An object by name for a session acting as context: system objects serve the system context only.
    internal ObjectDefinition Definition(string name, ObjectQLContext context)
    {
        var definition = Model.Get(name);
        if (definition.IsSystem && !context.IsSystem)
        {
            throw new ObjectQLException(ErrorCodes.Forbidden, $"'{name}' is a system object; only the system context may use it.",
                [new ErrorDetail(null, "System objects belong to plugins.", "system_object")]);
        }
        return definition;
    }

    /// <inheritdoc />
    public IObjectRepository Object(string objectName) => _defaultSession.Object(objectName);

    /// <summary>A session acting as <paramref name="context"/>.</summary>
    public ObjectQLSession WithContext(ObjectQLContext context) =>
        new(this, context ?? throw new ArgumentNullException(nameof(context)), null);

    /// <summary>A session acting as user <paramref name="userId"/> with <paramref name="roles"/>.</summary>
    public ObjectQLSession ForUser(string userId, params IEnumerable<string> roles) => WithContext(ObjectQLContext.ForUser(userId, roles));

    /// <summary>Runs <paramref name="body"/> in one transaction of the default session; see <see cref="ObjectQLSession.TransactionAsync{T}(Func{ObjectQLSession, CancellationToken, Task{T}}, CancellationToken)"/>.</summary>
    public Task<T> TransactionAsync<T>(Func<ObjectQLSession, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default) =>
        _defaultSession.TransactionAsync(body, cancellationToken);

    /// <summary>Runs <paramref name="body"/> in one transaction of the default session; see <see cref="ObjectQLSession.TransactionAsync(Func{ObjectQLSession, CancellationToken, Task}, CancellationToken)"/>.</summary>
    public Task TransactionAsync(Func<ObjectQLSession, CancellationToken, Task> body, CancellationToken cancellationToken = default) =>
        _defaultSession.TransactionAsync(body, cancellationToken);

    /// <summary>Runs <paramref name="body"/> in one transaction of the default session started with <paramref name="options"/>; see <see cref="ObjectQLSession.TransactionAsync{T}(Func{ObjectQLSession, CancellationToken, Task{T}}, TransactionOptions, CancellationToken)"/>.</summary>
    public Task<T> TransactionAsync<T>(Func<ObjectQLSession, CancellationToken, Task<T>> body, TransactionOptions options, CancellationToken cancellationToken = default) =>
        _defaultSession.TransactionAsync(body, options, cancellationToken);

    /// <summary>Runs <paramref name="body"/> in one transaction of the default session started with <paramref name="options"/>; see <see cref="ObjectQLSession.TransactionAsync(Func{ObjectQLSession, CancellationToken, Task}, TransactionOptions, CancellationToken)"/>.</summary>
    public Task TransactionAsync(Func<ObjectQLSession, CancellationToken, Task> body, TransactionOptions options, CancellationToken cancellationToken = default) =>
        _defaultSession.TransactionAsync(body, options, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await Driver.DisposeAsync().ConfigureAwait(false);
        }
    }
}
