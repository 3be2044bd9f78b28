using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Tests;

// What the engine's start and a sync with nothing to do cost the local store, in transactions and in calls to the
// driver: in the browser every call is a message to the store's Worker and back, and the start runs before the first
// request of a first sync. One transaction loads the state, takes the lease and raises the epoch, and the status is
// counted from what it read; the first sync does not renew the lease the start has just taken.
[TestFixture("memory")]
[TestFixture("sqlite")]
public sealed class StartCostTests(string driver)
{
    private ClientHarness _h = null!;
    private CallCountingDriver _calls = null!;

    [SetUp]
    public async Task SetUp() => _h = await ClientHarness.OpenAsync(driver, wrap: inner => _calls = new CallCountingDriver(inner));

    [TearDown]
    public async Task TearDown()
    {
        await _h.DisposeAsync();
        ClientHarness.Delete(_h.File);
    }

    [Test]
    public async Task The_first_start_is_one_transaction_and_counts_the_status_from_what_it_read()
    {
        _calls.Reset();
        var client = await _h.Plugin.StartAsync();
        var (transactions, calls) = (_calls.Transactions, _calls.Calls);
        TestContext.Out.WriteLine($"start: {transactions} transactions, {calls} driver calls ({string.Join(", ", _calls.ByKind)})");

        Assert.Multiple(() =>
        {
            Assert.That(transactions, Is.EqualTo(1), "the state, the lease, the epoch and the status in one transaction");
            Assert.That(_calls.LeaseWrites, Is.EqualTo(1));
            Assert.That(calls, Is.LessThanOrEqualTo(6), "the state, the log and the clock read once, the state written once");
            Assert.That(client.Status.PendingCount, Is.Zero);
        });
    }

    [Test]
    public async Task The_first_sync_with_nothing_to_do_does_not_renew_the_lease_the_start_took()
    {
        _calls.Reset();
        var client = await _h.Plugin.StartAsync();
        var started = (_calls.Transactions, _calls.Calls);
        // Asked while the start's sync runs: that sync, then one more.
        await client.SyncNowAsync();
        var (transactions, calls) = (_calls.Transactions - started.Transactions, _calls.Calls - started.Calls);
        TestContext.Out.WriteLine($"two syncs with nothing to do: {transactions} transactions, {calls} driver calls, {_calls.LeaseWrites} lease writes ({string.Join(", ", _calls.ByKind)})");

        Assert.Multiple(() =>
        {
            Assert.That(_h.Server.Requests, Has.Count.EqualTo(2));
            Assert.That(_calls.LeaseWrites, Is.EqualTo(2), "the start's acquire, and the second sync's renewal; none right after the acquire");
            Assert.That(transactions, Is.LessThanOrEqualTo(7), "per sync: the request's, the response's and the end's (log and status); the second sync's renewal");
        });
    }

    [Test]
    public async Task A_restart_counts_the_pending_and_parked_log_from_its_one_transaction()
    {
        var file = driver == "sqlite" ? _h.File : null;
        var client = await _h.StartAsync();
        _h.Server.Script = m => m.RecordId == "refused"
            ? new SyncMutationRejected(m.Id, "Refused.", ErrorCodes.ValidationError, [new ErrorDetail("title", "refused", "refused")])
            : null;
        await _h.Todos.CreateAsync(new Record { ["id"] = "refused", ["title"] = "x" });
        await client.WaitForSyncAsync();
        await client.DisposeAsync();
        await _h.Todos.CreateAsync(new Record { ["id"] = "waiting", ["title"] = "y" });
        if (file is null)
        {
            // The memory store does not outlive its database: the log's counts are checked where it does.
            Assert.That(client.Status.Parked, Has.Count.EqualTo(1));
            return;
        }
        await _h.Database.DisposeAsync();

        CallCountingDriver calls = null!;
        await using var reopened = await ClientHarness.OpenAsync(driver, file: file, wrap: inner => calls = new CallCountingDriver(inner));
        calls.Reset();
        var restarted = await reopened.Plugin.StartAsync();
        var transactions = calls.Transactions;

        Assert.Multiple(() =>
        {
            Assert.That(transactions, Is.EqualTo(1));
            Assert.That(restarted.Status.PendingCount, Is.EqualTo(1), "the mutation logged while no engine ran");
            Assert.That(restarted.Status.PendingByObject["todo"], Is.EqualTo(1));
            Assert.That(restarted.Status.Parked.Select(p => p.RecordId), Is.EqualTo(new[] { "refused" }));
        });
    }

    // Counts the transactions begun and the data calls made on the store, and the writes of the lease's owner.
    private sealed class CallCountingDriver(IObjectQLDriver inner) : DelegatingDriver(inner)
    {
        private readonly Dictionary<string, int> _byKind = new(StringComparer.Ordinal);
        private readonly Lock _gate = new();

        public int Transactions { get; private set; }

        public int Calls { get; private set; }

        public int LeaseWrites { get; private set; }

        public IEnumerable<string> ByKind
        {
            get
            {
                lock (_gate)
                {
                    return [.. _byKind.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")];
                }
            }
        }

        public void Reset()
        {
            lock (_gate)
            {
                (Transactions, Calls, LeaseWrites) = (0, 0, 0);
                _byKind.Clear();
            }
        }

        public override Task<IDriverTransaction> BeginTransactionAsync(TransactionIsolation isolationLevel = TransactionIsolation.Unspecified, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                Transactions++;
            }
            return base.BeginTransactionAsync(isolationLevel, cancellationToken);
        }

        public override Task<IReadOnlyList<Record>> FindAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        {
            Count("find", definition);
            return base.FindAsync(definition, query, transaction, cancellationToken);
        }

        public override Task<Record?> FindOneAsync(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        {
            Count("find-one", definition);
            return base.FindOneAsync(definition, id, transaction, cancellationToken);
        }

        public override Task<long> CountAsync(ObjectDefinition definition, Filter? where, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        {
            Count("count", definition);
            return base.CountAsync(definition, where, transaction, cancellationToken);
        }

        public override Task InsertAsync(ObjectDefinition definition, IReadOnlyList<Record> records, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        {
            Count("insert", definition);
            CountLeaseWrites(records);
            return base.InsertAsync(definition, records, transaction, cancellationToken);
        }

        public override Task<IReadOnlyList<bool>> UpdateAsync(ObjectDefinition definition, IReadOnlyList<RecordChange> changes, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        {
            Count("update", definition);
            CountLeaseWrites(changes.Select(c => c.Values));
            return base.UpdateAsync(definition, changes, transaction, cancellationToken);
        }

        public override Task<IReadOnlyList<bool>> UpdateIncrementingVersionAsync(
            ObjectDefinition definition, IReadOnlyList<RecordChange> changes, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        {
            Count("update", definition);
            return base.UpdateIncrementingVersionAsync(definition, changes, transaction, cancellationToken);
        }

        public override Task<IReadOnlyList<bool>> DeleteAsync(ObjectDefinition definition, IReadOnlyList<string> ids, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        {
            Count("delete", definition);
            return base.DeleteAsync(definition, ids, transaction, cancellationToken);
        }

        public override Task<IReadOnlyList<Record>> AggregateAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        {
            Count("aggregate", definition);
            return base.AggregateAsync(definition, query, transaction, cancellationToken);
        }

        private void CountLeaseWrites(IEnumerable<Record> rows)
        {
            lock (_gate)
            {
                LeaseWrites += rows.Count(r => r["lease_owner"] is string);
            }
        }

        private void Count(string kind, ObjectDefinition definition)
        {
            lock (_gate)
            {
                Calls++;
                var key = $"{kind} {definition.Name}";
                _byKind[key] = _byKind.GetValueOrDefault(key) + 1;
            }
        }
    }
}
