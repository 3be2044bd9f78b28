using System.Collections.Concurrent;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Observability;
using ObjectQL.Pipeline;
using ObjectQL.Querying;
using ObjectQL.Validation;

namespace ObjectQL;

/// <summary>
/// The database seen as one context (user, roles, tenant or system), optionally inside a transaction, optionally with a
/// <see cref="WriteOrigin"/> its writes carry. Sessions are cheap; make one per request or per unit of work.
/// </summary>
public sealed partial class ObjectQLSession : IPipelineSession, IValidationScope
{
    private static readonly TransactionOptions DefaultTransaction = new();

    // Writes through a silent session build no change events: a before-commit handler's own writes (logs, counters).
    private readonly bool _silent;
    // Created on first use: most sessions are a write's own transaction session, which never looks up a repository.
    private ConcurrentDictionary<string, ObjectRepository>? _repositories;

    internal ObjectQLSession(ObjectQLDatabase database, ObjectQLContext context, TransactionScope? scope, WriteOrigin? origin = null, bool silent = false)
    {
        Database = database;
        Context = context;
        Scope = scope;
        Origin = origin;
        _silent = silent;
    }

    /// <summary>The database.</summary>
    public ObjectQLDatabase Database { get; }

    /// <summary>Who this session acts as.</summary>
    public ObjectQLContext Context { get; }

    /// <summary>What this session's writes carry out, stamped on their change events; null unless set with <see cref="WithOrigin"/>.</summary>
    public WriteOrigin? Origin { get; }

    /// <summary>The driver transaction this session runs in, or null outside <see cref="TransactionAsync{T}(Func{ObjectQLSession, CancellationToken, Task{T}}, CancellationToken)"/>.</summary>
    public IDriverTransaction? Transaction => Scope?.Transaction;

    internal TransactionScope? Scope { get; }

    /// <summary>
    /// How many change events this session's transaction holds so far (0 outside a transaction). A savepoint that rolled
    /// back drops its events, so the count can go down.
    /// </summary>
    public int TransactionChangeCount => Scope?.Changes.Count ?? 0;

    /// <summary>
    /// A copy of the change events this session's transaction holds from position <paramref name="start"/> on, in write
    /// order; empty outside a transaction or when <paramref name="start"/> is at or past <see cref="TransactionChangeCount"/>.
    /// A sync server uses it to learn which records a pushed mutation, and the hooks it ran, wrote.
    /// </summary>
    public IReadOnlyList<ChangeEvent> TransactionChangesFrom(int start)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        return Scope is { } scope && start < scope.Changes.Count ? scope.ChangesFrom(start) : [];
    }

    /// <summary>True when writes through this session build change events: some handler wants them and the session is not silent.</summary>
    internal bool BuildsChanges => !_silent && Database.Changes.HasHandlers;

    /// <inheritdoc />
    /// <remarks>A system object (<see cref="Metadata.ObjectDefinition.IsSystem"/>) is <see cref="ErrorCodes.Forbidden"/> outside the system context.</remarks>
    public IObjectRepository Object(string objectName)
    {
        ArgumentNullException.ThrowIfNull(objectName);
        var repositories = _repositories ?? Interlocked.CompareExchange(ref _repositories, new(StringComparer.Ordinal), null) ?? _repositories;
        var repository = repositories.GetOrAdd(objectName, static (name, session) => new ObjectRepository(session, session.Database.Definition(name, session.Context)), this);
        // Wrapped only while someone listens, so an untraced call costs nothing extra.
        return RepositoryTelemetry.IsEnabled ? new TracedRepository(repository, Database.SystemName) : repository;
    }

    /// <summary>The same database, transaction and origin, acting as <paramref name="context"/>.</summary>
    public ObjectQLSession WithContext(ObjectQLContext context) =>
        new(Database, context ?? throw new ArgumentNullException(nameof(context)), Scope, Origin, _silent);

    /// <summary>The same database, transaction and origin in the system context (bypasses permissions).</summary>
    public ObjectQLSession AsSystem() => WithContext(Context with { IsSystem = true });

    IPipelineSession IPipelineSession.AsSystem() => AsSystem();

    Task<long> IValidationScope.CountStoredAsync(ObjectDefinition definition, Filter? where, CancellationToken cancellationToken) =>
        Database.Driver.CountAsync(definition, where, Transaction, cancellationToken);

    Task<IReadOnlyList<Record>> IValidationScope.FindStoredAsync(ObjectDefinition definition, Query query, CancellationToken cancellationToken) =>
        Database.Driver.FindAsync(definition, query, Transaction, cancellationToken);

    /// <summary>
    /// The same database, context and transaction, with <paramref name="origin"/> stamped on the change events of its
    /// writes (null clears it). A sync server sets the pushing client and mutation; a sync client applying pulled changes
    /// sets <see cref="WriteOrigin.AppliesRemoteChange"/> so its mutation log skips them.
    /// </summary>
    public ObjectQLSession WithOrigin(WriteOrigin? origin) => new(Database, Context, Scope, origin, _silent);

    /// <summary>
    /// Runs <paramref name="body"/> in one transaction: every call through the session it receives (and through hooks
    /// it triggers) joins it; the transaction commits when <paramref name="body"/> returns and rolls back when it throws.
    /// Before the commit the before-commit stage runs (<see cref="ChangeFeed.SubscribeBeforeCommit"/>); change events are
    /// published after the commit. Called on a session already in a transaction, it joins that one.
    /// </summary>
    public Task<T> TransactionAsync<T>(Func<ObjectQLSession, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default) =>
        TransactionAsync(body, DefaultTransaction, cancellationToken);

    /// <summary>
    /// Runs <paramref name="body"/> in one transaction started with <paramref name="options"/> (an isolation level); see
    /// <see cref="TransactionAsync{T}(Func{ObjectQLSession, CancellationToken, Task{T}}, CancellationToken)"/>. On a session
    /// already in a transaction it joins that one, unless <paramref name="options"/> asks for another isolation level
    /// (<see cref="ErrorCodes.InvalidRequest"/>, reason <c>isolation_mismatch</c>).
    /// </summary>
    public async Task<T> TransactionAsync<T>(
        Func<ObjectQLSession, CancellationToken, Task<T>> body, TransactionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);
        if (options.IsolationLevel is < TransactionIsolation.Unspecified or > TransactionIsolation.Serializable)
        {
            throw ObjectQLException.InvalidRequest(
                $"{(int)options.IsolationLevel} is not an isolation level: ask for one of TransactionIsolation's.", "isolationLevel", "invalid_isolation_level");
        }
        if (Scope is not null)
        {
            Scope.EnsureJoinable(options.IsolationLevel);
            return await body(this, cancellationToken).ConfigureAwait(false);
        }
        var transaction = await Database.Driver.BeginTransactionAsync(options.IsolationLevel, cancellationToken).ConfigureAwait(false);
        var scope = new TransactionScope(transaction, options.IsolationLevel);
        T result;
        await using (transaction.ConfigureAwait(false))
        {
            try
            {
                result = await body(new ObjectQLSession(Database, Context, scope, Origin, _silent), cancellationToken).ConfigureAwait(false);
                scope.EnsureActive();
                if (scope.Changes.Count > 0 && Database.Changes.HasBeforeCommitHandlers)
                {
                    await RunBeforeCommitAsync(scope, cancellationToken).ConfigureAwait(false);
                }
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                scope.End();
            }
        }
        await Database.Changes.PublishAsync(
            scope.Changes, Database.Options.OnChangeHandlerError, Database.Options.Diagnostics.LoggerFactory, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Runs <paramref name="body"/> in one transaction; see <see cref="TransactionAsync{T}(Func{ObjectQLSession, CancellationToken, Task{T}}, CancellationToken)"/>.</summary>
    public Task TransactionAsync(Func<ObjectQLSession, CancellationToken, Task> body, CancellationToken cancellationToken = default) =>
        TransactionAsync(body, DefaultTransaction, cancellationToken);

    /// <summary>Runs <paramref name="body"/> in one transaction started with <paramref name="options"/>; see <see cref="TransactionAsync{T}(Func{ObjectQLSession, CancellationToken, Task{T}}, TransactionOptions, CancellationToken)"/>.</summary>
    public Task TransactionAsync(Func<ObjectQLSession, CancellationToken, Task> body, TransactionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return TransactionAsync<bool>(async (session, ct) =>
        {
            await body(session, ct).ConfigureAwait(false);
            return true;
        }, options, cancellationToken);
    }

    // Every write runs in a transaction, its own or the caller's, so after-hooks that throw roll it back.
    internal Task<T> WriteAsync<T>(Func<ObjectQLSession, Task<T>> body, CancellationToken cancellationToken) =>
        TransactionAsync((session, _) => body(session), DefaultTransaction, cancellationToken);
}
