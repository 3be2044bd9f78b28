using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Testing;

namespace ObjectQL.Sql.Tests;

/// <summary>A real SQL driver, passed through, that counts which read path the pipeline took.</summary>
internal sealed class CountingDriver(SqlDriver inner) : PassThroughDriver(inner)
{
    public int TypedReads { get; private set; }

    public int RecordReads { get; private set; }

    public override Task<IReadOnlyList<Record>> FindAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        RecordReads++;
        return base.FindAsync(definition, query, transaction, cancellationToken);
    }

    public override Task<Record?> FindOneAsync(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        RecordReads++;
        return base.FindOneAsync(definition, id, transaction, cancellationToken);
    }

    public override Task<IReadOnlyList<TEntity>> FindAsync<TEntity>(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        TypedReads++;
        return base.FindAsync<TEntity>(definition, query, transaction, cancellationToken);
    }

    public override Task<TEntity?> FindOneAsync<TEntity>(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        where TEntity : class
    {
        TypedReads++;
        return base.FindOneAsync<TEntity>(definition, id, transaction, cancellationToken);
    }
}
