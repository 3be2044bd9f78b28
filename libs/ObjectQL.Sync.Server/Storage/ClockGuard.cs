using ObjectQL.Drivers;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Handling;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// RFC 4.3: compares the server's wall clock with the database's (one round trip, halved) at the first request and then at
/// most once a minute while they agree, on every request while they do not; a difference beyond the drift limit refuses
/// the request with 503 <c>SYNC_SERVER_CLOCK_OFF</c> before anything is read or written, so a server whose clock jumped
/// issues no clock from it. Stores without a clock of their own (SQLite runs on this process's clock) are not checked.
/// </summary>
internal sealed class ClockGuard(IDatabaseClockDriver? database, TimeProvider time, TimeSpan maxDrift)
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;
    private TimeSpan _skew;
    private bool _trusted;

    public async ValueTask EnsureTrustedAsync(CancellationToken cancellationToken)
    {
        if (database is null || (Volatile.Read(ref _trusted) && time.GetUtcNow() - _checkedAt < CheckEvery))
        {
            return;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_trusted || time.GetUtcNow() - _checkedAt >= CheckEvery)
            {
                var started = time.GetTimestamp();
                var databaseNow = await database.DatabaseNowAsync(cancellationToken).ConfigureAwait(false);
                var roundTrip = time.GetElapsedTime(started);
                var now = time.GetUtcNow();
                _skew = databaseNow is { } reference ? now - roundTrip / 2 - reference : TimeSpan.Zero;
                _checkedAt = now;
                Volatile.Write(ref _trusted, _skew.Duration() <= maxDrift);
            }
        }
        finally
        {
            _gate.Release();
        }
        if (!_trusted)
        {
            throw new SyncRequestException(503, ErrorBody.From(new ObjectQLException(SyncErrorCodes.ServerClockOff,
                $"This server's clock is {_skew.TotalSeconds:0.#} s off the database's (the limit is {maxDrift.TotalSeconds:0.#} s); it issues no clocks until its clock is fixed. Retry later.",
                [new ErrorDetail(null, "Server clock off the database clock.", "server_clock_off")])));
        }
    }
}
