using ObjectQL.Cloudflare.D1;
using ObjectQL.Sql;

namespace ObjectQL.Cloudflare;

/// <summary>
/// Cloudflare D1 as an ObjectQL store: the SQL driver with the SQLite dialect over D1's JSON API, reached through the
/// bridge Worker or D1's HTTP query API (<see cref="CloudflareOptions"/>). D1 runs batches atomically but holds no
/// transaction open, so transactions commit as one batch (docs/drivers.md, "Batch-only stores"). The
/// <see cref="HttpClient"/> is the caller's (from <c>IHttpClientFactory</c>, say); the driver does not dispose it.
/// </summary>
public sealed class D1Driver : SqlDriver
{
    /// <summary>Creates a driver for the D1 database <paramref name="options"/> describe; an unusable option is an <see cref="ErrorCodes.InvalidRequest"/> error naming it.</summary>
    public D1Driver(CloudflareOptions options, HttpClient httpClient, TimeProvider? timeProvider = null)
        : this(new D1Executor(new D1Client(httpClient, options, timeProvider)))
    {
    }

    private D1Driver(D1Executor executor)
        : base(executor)
    {
        Client = executor.Client;
        // D1 always enforces foreign keys and checks deferred ones when a batch commits, as the pipeline's writes need.
        ForeignKeys = true;
    }

    /// <inheritdoc />
    public override string Name => "d1";

    internal D1Client Client { get; }
}
