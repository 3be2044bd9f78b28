using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ObjectQL.Cloudflare.Kv;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Querying.Json;

namespace ObjectQL.Cloudflare;

/// <summary>
/// A query cache in Workers KV in front of any driver (docs/hosting/cloudflare.md, "Query cache"). Finds, single
/// reads by id and counts made outside a transaction are kept for <see cref="CloudflareOptions.CacheTtl"/> under a key
/// made of the object, the object's current generation and a hash of the whole query the pipeline sent, which already
/// holds the caller's permission filters and record rules, so one caller's answer never serves another's different
/// query. Every write to an object (after its transaction commits) gives the object a new generation, which makes all
/// its cached queries unreachable at once. This process sees its own writes at once; other instances see the new
/// generation when KV delivers it (KV is eventually consistent: usually at once in the same location, up to about 60
/// seconds elsewhere). A failing cache never fails a request: reads then go to the driver.
/// Every optional capability of the inner driver is forwarded (<see cref="DelegatingDriver"/>).
/// </summary>
public sealed class KvQueryCache : DelegatingDriver
{
    private const string Prefix = "objectql:";
    private readonly KvStore _kv;
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (string Generation, DateTimeOffset Set)> _written = new(StringComparer.Ordinal);

    /// <summary>Caches <paramref name="inner"/>'s reads in the KV namespace <paramref name="options"/> name.</summary>
    public KvQueryCache(IObjectQLDriver inner, CloudflareOptions options, HttpClient httpClient, TimeProvider? timeProvider = null)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.HasCache)
        {
            throw ObjectQLException.InvalidRequest(
                $"Cloudflare option '{(options.UsesBridge ? nameof(CloudflareOptions.KvCacheBinding) : nameof(CloudflareOptions.KvNamespaceId))}': the query cache needs a KV namespace.",
                options.UsesBridge ? nameof(CloudflareOptions.KvCacheBinding) : nameof(CloudflareOptions.KvNamespaceId), "invalid_option");
        }
        _kv = new KvStore(httpClient, options);
        _ttl = options.CacheTtl;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How many reads the cache answered.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>How many cacheable reads went to the driver.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    private long _hits;
    private long _misses;

    /// <inheritdoc />
    public override async Task<IDriverTransaction> BeginTransactionAsync(TransactionIsolation isolationLevel = TransactionIsolation.Unspecified, CancellationToken cancellationToken = default) =>
        new CacheTransaction(this, await Inner.BeginTransactionAsync(isolationLevel, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public override Task<IReadOnlyList<Record>> FindAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(query);
        return transaction is not null
            ? Inner.FindAsync(definition, query, Unwrap(transaction), cancellationToken)
            : CachedAsync(definition, "find:" + QueryJsonWriter.Write(query), ct => Inner.FindAsync(definition, query, null, ct), cancellationToken);
    }

    /// <inheritdoc />
    public override async Task<Record?> FindOneAsync(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (transaction is not null)
        {
            return await Inner.FindOneAsync(definition, id, Unwrap(transaction), cancellationToken).ConfigureAwait(false);
        }
        var found = await CachedAsync(definition, "one:" + id, async ct =>
        {
            var record = await Inner.FindOneAsync(definition, id, null, ct).ConfigureAwait(false);
            return record is null ? [] : (IReadOnlyList<Record>)[record];
        }, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public override async Task<long> CountAsync(ObjectDefinition definition, Filter? where, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (transaction is not null)
        {
            return await Inner.CountAsync(definition, where, Unwrap(transaction), cancellationToken).ConfigureAwait(false);
        }
        var filter = where is null ? "" : QueryJsonWriter.Write(new Query { Where = where });
        var rows = await CachedAsync(definition, "count:" + filter, async ct =>
        {
            var count = await Inner.CountAsync(definition, where, null, ct).ConfigureAwait(false);
            return (IReadOnlyList<Record>)[new Record { [SystemFields.Version] = count }];
        }, cancellationToken).ConfigureAwait(false);
        return (long)rows[0][SystemFields.Version]!;
    }

    /// <inheritdoc />
    public override Task InsertAsync(ObjectDefinition definition, IReadOnlyList<Record> records, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        WriteAsync(definition, transaction, cancellationToken, t => Inner.InsertAsync(definition, records, t, cancellationToken));

    /// <inheritdoc />
    public override Task<IReadOnlyList<bool>> UpdateAsync(ObjectDefinition definition, IReadOnlyList<RecordChange> changes, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        WriteAsync(definition, transaction, cancellationToken, t => Inner.UpdateAsync(definition, changes, t, cancellationToken));

    /// <inheritdoc />
    public override Task<IReadOnlyList<bool>> DeleteAsync(ObjectDefinition definition, IReadOnlyList<string> ids, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        WriteAsync(definition, transaction, cancellationToken, t => Inner.DeleteAsync(definition, ids, t, cancellationToken));

    /// <inheritdoc />
    public override Task InsertAsync<TEntity>(ObjectDefinition definition, IReadOnlyList<TEntity> entities, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        WriteAsync(definition, transaction, cancellationToken, t => Required<ITypedWriteDriver>().InsertAsync(definition, entities, t, cancellationToken));

    /// <inheritdoc />
    public override Task<IReadOnlyList<bool>> UpdateIncrementingVersionAsync(ObjectDefinition definition, IReadOnlyList<RecordChange> changes, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        WriteAsync(definition, transaction, cancellationToken, t => Required<IVersionIncrementingDriver>().UpdateIncrementingVersionAsync(definition, changes, t, cancellationToken));

    /// <inheritdoc />
    public override Task<IReadOnlyList<Record>> AggregateAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.AggregateAsync(definition, query, Unwrap(transaction), cancellationToken);

    /// <inheritdoc />
    public override Task<IReadOnlyList<object>> DistinctAsync(ObjectDefinition definition, string field, Filter? where, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.DistinctAsync(definition, field, where, Unwrap(transaction), cancellationToken);

    /// <inheritdoc />
    public override Task<long> ReserveAsync(ObjectDefinition definition, string field, int count, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Required<ISequenceDriver>().ReserveAsync(definition, field, count, Unwrap(transaction), cancellationToken);

    /// <inheritdoc />
    public override Task<IReadOnlyList<TEntity>> FindAsync<TEntity>(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Required<ITypedReadDriver>().FindAsync<TEntity>(definition, query, Unwrap(transaction), cancellationToken);

    /// <inheritdoc />
    public override Task<TEntity?> FindOneAsync<TEntity>(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        where TEntity : class =>
        Required<ITypedReadDriver>().FindOneAsync<TEntity>(definition, id, Unwrap(transaction), cancellationToken);

    private async Task<IReadOnlyList<Record>> CachedAsync(ObjectDefinition definition, string query, Func<CancellationToken, Task<IReadOnlyList<Record>>> read, CancellationToken cancellationToken)
    {
        if (!Cacheable(definition))
        {
            return await read(cancellationToken).ConfigureAwait(false);
        }
        string? key = null;
        try
        {
            key = $"{Prefix}q:{definition.Name}:{await GenerationAsync(definition.Name, cancellationToken).ConfigureAwait(false)}:{Hash(query)}";
            if (await _kv.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } bytes && CachedRecords.Read(definition, bytes) is { } cached)
            {
                Interlocked.Increment(ref _hits);
                return cached;
            }
        }
        catch (HttpRequestException)
        {
            // The cache is an optimisation: when KV fails, the driver answers.
        }
        Interlocked.Increment(ref _misses);
        var rows = await read(cancellationToken).ConfigureAwait(false);
        if (key is not null && CachedRecords.Fits(definition, rows))
        {
            try
            {
                await _kv.PutAsync(key, CachedRecords.Write(rows), _ttl, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // Not cached this time.
            }
        }
        return rows;
    }

    // The generation this process wrote last is used while it is younger than the TTL (read-your-writes even if KV
    // has not delivered it yet); otherwise KV's current one. Generation keys never expire, so no old entry resurfaces.
    private async Task<string> GenerationAsync(string objectName, CancellationToken cancellationToken)
    {
        if (_written.TryGetValue(objectName, out var own) && _time.GetUtcNow() - own.Set < _ttl)
        {
            return own.Generation;
        }
        var stored = await _kv.GetAsync(GenerationKey(objectName), cancellationToken).ConfigureAwait(false);
        return stored is null ? "0" : Encoding.UTF8.GetString(stored);
    }

    internal async Task InvalidateAsync(IEnumerable<string> objectNames, CancellationToken cancellationToken)
    {
        foreach (var name in objectNames)
        {
            var generation = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            _written[name] = (generation, _time.GetUtcNow());
            try
            {
                await _kv.PutAsync(GenerationKey(name), Encoding.UTF8.GetBytes(generation), null, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // This process already reads the new generation; other instances see the change when a later write
                // reaches KV or their cached entries expire (at most the TTL).
            }
        }
    }

    private async Task<T> WriteAsync<T>(ObjectDefinition definition, IDriverTransaction? transaction, CancellationToken cancellationToken, Func<IDriverTransaction?, Task<T>> write)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (transaction is CacheTransaction own)
        {
            own.Touch(definition.Name);
            return await write(own.Inner).ConfigureAwait(false);
        }
        try
        {
            return await write(transaction).ConfigureAwait(false);
        }
        finally
        {
            await InvalidateAsync([definition.Name], CancellationToken.None).ConfigureAwait(false);
        }
    }

    private Task WriteAsync(ObjectDefinition definition, IDriverTransaction? transaction, CancellationToken cancellationToken, Func<IDriverTransaction?, Task> write) =>
        WriteAsync(definition, transaction, cancellationToken, async t =>
        {
            await write(t).ConfigureAwait(false);
            return true;
        });

    private static IDriverTransaction? Unwrap(IDriverTransaction? transaction) => transaction is CacheTransaction own ? own.Inner : transaction;

    private static string GenerationKey(string objectName) => $"{Prefix}g:{objectName}";

    // System objects (the sync server's log, head and client rows among them) and synced objects are read by sync
    // pulls and snapshots, which hand out a position: an answer older than it, another instance's stale entry, would be
    // a silent gap. They are never cached.
    private static bool Cacheable(ObjectDefinition definition) => !definition.IsSystem && definition.Sync is not { Enabled: true };

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
