using Microsoft.Extensions.Logging;
using ObjectQL.Sync.Client.Merge;
using ObjectQL.Sync.Client.Storage;
using ObjectQL.Sync.Client.Transport;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;

namespace ObjectQL.Sync.Client;

public sealed partial class SyncClient
{
    // Whole-request refusals the drain answers itself (413, sequence behind, fenced, invalid checkpoint) before it gives up.
    private const int MaxRecoveriesPerRun = 8;

    private int? _batchLimit;

    private async Task<SyncRunResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        // The start's sync runs on the lease the start has just taken, and on the status counted from the log the start
        // read (a write since then refreshed it): neither is written or read again before its first request.
        var afterStart = Interlocked.Exchange(ref _startedRunPending, 0) == 1 && _lease.JustAcquired();
        if (!afterStart && !await RenewLeaseAsync().ConfigureAwait(false))
        {
            return new SyncRunResult(_lease.Lost());
        }
        if (_connectivity is { IsOnline: false })
        {
            Publish(s => s with { Activity = SyncActivity.Offline, IsOnline = false });
            // Offline from the start (a page reloaded without network), the pending count must still show the log.
            if (!afterStart)
            {
                await RefreshStatusAsync(cancellationToken).ConfigureAwait(false);
            }
            return new SyncRunResult(new SyncTransportException("The device is offline."));
        }
        // This run is the retry, whatever triggered it: a scheduled one would only repeat it.
        _retry.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Publish(s => s with { Activity = SyncActivity.Syncing, NextRetryAt = null });
        Exception? error = null;
        try
        {
            var end = await DrainAsync(cancellationToken).ConfigureAwait(false);
            var now = _options.TimeProvider.GetUtcNow();
            Publish(s => s with { Activity = SyncActivity.Idle, IsOnline = true, LastSuccessfulSync = now, LastError = null, ConsecutiveFailures = 0 });
            // The outcome, then the counts: from the drain's last read of the log, which found nothing left to send.
            PublishCounts(end.Log, end.Ticket);
            return new SyncRunResult(null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error = new OperationCanceledException(cancellationToken);
            Publish(s => s with { Activity = SyncActivity.Idle });
        }
        catch (Exception exception)
        {
            error = exception;
            Failed(exception);
        }
        await RefreshStatusAsync(cancellationToken).ConfigureAwait(false);
        return new SyncRunResult(error);
    }

    private void Failed(Exception exception)
    {
        var transport = exception as SyncTransportException;
        var failure = new SyncFailure(
            transport?.Code ?? (exception as ObjectQLException)?.Code ?? ErrorCodes.InternalError, exception.Message, transport?.StatusCode, _options.TimeProvider.GetUtcNow());
        var offline = transport?.IsNetworkError == true;
        int failures;
        lock (_gate)
        {
            failures = _status.ConsecutiveFailures + 1;
        }
        DateTimeOffset? retryAt = null;
        if (failures <= _options.MaxRetries)
        {
            var delay = Backoff(failures, transport?.RetryAfter);
            retryAt = _options.TimeProvider.GetUtcNow() + delay;
            _retry.Change(delay, Timeout.InfiniteTimeSpan);
            Log.SyncFailed(_logger, failures, delay, exception);
        }
        else
        {
            Log.GaveUp(_logger, failures, exception);
        }
        Publish(s => s with
        {
            Activity = offline ? SyncActivity.Offline : SyncActivity.Error,
            IsOnline = !offline && (_connectivity?.IsOnline ?? true),
            LastError = failure,
            ConsecutiveFailures = failures,
            NextRetryAt = retryAt,
        });
    }

    // Exponential from MinBackoff, capped at MaxBackoff, with full jitter over its upper half; never before Retry-After.
    internal TimeSpan Backoff(int failures, TimeSpan? retryAfter)
    {
        var exponential = _options.MinBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = Math.Min(exponential, _options.MaxBackoff.TotalMilliseconds);
        var jittered = TimeSpan.FromMilliseconds(capped * (0.5 + (Jitter() / 2)));
        return retryAfter is { } after && after > jittered ? after : jittered;
    }

    internal Func<double> Jitter { get; set; } = Random.Shared.NextDouble;

    private async Task<LogRead> DrainAsync(CancellationToken cancellationToken)
    {
        var recoveries = 0;
        // Whether the store applies this pull itself is decided once, in the first request's transaction.
        var pullCandidate = StorePull.Candidate(_core, _transport);
        StorePull? storePull = null;
        // The next page's body, asked for while the store staged the page before it (ApplyInStoreAsync).
        Task<byte[]>? ahead = null;
        try
        {
            while (true)
            {
                var (batch, request, qualifies) = ahead is null ? await PrepareAsync(pullCandidate, cancellationToken).ConfigureAwait(false) : ([], null!, false);
                if (pullCandidate is not null)
                {
                    storePull = qualifies ? pullCandidate : null;
                    pullCandidate = null;
                }
                SyncPushResponse? received = null;
                byte[]? body = null;
                try
                {
                    if (ahead is not null)
                    {
                        var asked = ahead;
                        ahead = null;
                        body = await asked.ConfigureAwait(false);
                    }
                    else if (storePull is not null && batch.Count == 0)
                    {
                        body = await storePull.Transport.SendForBodyAsync(request, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        received = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (SyncTransportException exception) when (recoveries < MaxRecoveriesPerRun)
                {
                    if (!await RecoverAsync(exception, batch.Count, cancellationToken).ConfigureAwait(false))
                    {
                        throw;
                    }
                    recoveries++;
                    continue;
                }
                if (body is not null)
                {
                    if (await ApplyInStoreAsync(storePull!, body, cancellationToken).ConfigureAwait(false) is { } taken)
                    {
                        var page = taken.Page;
                        ahead = taken.Next;
                        Log.Pushed(_logger, 0, page.Changes, page.HasMore);
                        if (taken.End is { Sendable: false } finished)
                        {
                            return finished;
                        }
                        continue;
                    }
                    // A page the store leaves to the client: this one and the rest of the pull go the client's own way.
                    received = storePull!.Transport.ReadAnswer(body);
                    storePull = null;
                }
                var response = received!;
                var conflicts = await ApplyResponseAsync(response, cancellationToken).ConfigureAwait(false);
                Log.Pushed(_logger, batch.Count, response.ServerChanges.Count, response.HasMore);
                await AnswerConflictsAsync(conflicts, cancellationToken).ConfigureAwait(false);
                var answered = response.Results.Count(r => batch.Any(m => m.Id == r.MutationId));
                if (batch.Count > 0 && answered == 0)
                {
                    throw new ObjectQLException(ErrorCodes.InternalError, $"The server answered none of the {batch.Count} mutations sent; they stay in the log and are sent again on the next trigger.");
                }
                if (!response.HasMore && await HasSendableAsync(cancellationToken).ConfigureAwait(false) is { Sendable: false } end)
                {
                    return end;
                }
            }
        }
        finally
        {
            Unread(ahead);
        }
    }

    // A run that ends on an error leaves the page it asked for unread; that request's failure, if any, is not the run's.
    private static void Unread(Task<byte[]>? asked) =>
        asked?.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    // Picks the next batch (RFC 10.5, 10.6): in sequence order, without mutations held behind a parked one of their
    // record; parks a record over the server's size limit before sending it; marks the batch in flight. With a pull the
    // store may apply itself (the first request of a run), whether it qualifies is read in this transaction too.
    private async Task<(IReadOnlyList<LoggedMutation> Batch, SyncPushRequest Request, bool StorePullQualifies)> PrepareAsync(
        StorePull? pullCandidate, CancellationToken cancellationToken)
    {
        return await _core.Database.System.TransactionAsync(async (session, ct) =>
        {
            using var ambient = StoreHlcStateStore.Ambient(session);
            await _core.EnsureLoadedAsync(session, ct).ConfigureAwait(false);
            var state = await _core.Store.FindStateAsync(session, ClientStore.ClientRow, ct).ConfigureAwait(false);
            var resyncing = state?["resyncing"] is true;
            var log = await _core.Store.MutationsAsync(session, null, null, ct).ConfigureAwait(false);
            var batch = resyncing ? [] : await TakeBatchAsync(session, state, log, ct).ConfigureAwait(false);
            var qualifies = pullCandidate is not null && log.Count == 0 && (state?["checkpoint"] is null || resyncing)
                && await StorePull.HoldsNoRowsAsync(_core, session, ct).ConfigureAwait(false);
            var clock = await _core.Clock.NextAsync(ct).ConfigureAwait(false);
            var request = new SyncPushRequest(_core.ClientId, _core.Epoch, clock.ToString(), [.. batch.Select(m => m.ToWire(_core.ClientId))], state?["checkpoint"] as string);
            return (batch, request, qualifies);
        }, cancellationToken).ConfigureAwait(false);
    }

    // The log, read whole in sequence order, split here into the parked mutations and the candidates.
    private async Task<IReadOnlyList<LoggedMutation>> TakeBatchAsync(ObjectQLSession session, Record? state, IReadOnlyList<LoggedMutation> log, CancellationToken cancellationToken)
    {
        var store = _core.Store;
        var hold = ParkedHold.Of(log);
        var limit = BatchLimit(state);
        var maxRecordBytes = state?["max_record_bytes"] is double bytes ? (long)bytes : SyncLimits.Default.MaxRecordBytes;
        var batch = new List<LoggedMutation>();
        foreach (var mutation in log)
        {
            if (batch.Count >= limit)
            {
                break;
            }
            if (hold.Holds(mutation))
            {
                continue;
            }
            if (mutation.State == MutationStates.Pending && DataBytes(mutation) > maxRecordBytes)
            {
                // Parked before sending: one oversize record must never wedge the queue (RFC 3.9).
                await store.ReplaceMutationAsync(session, mutation with
                {
                    State = MutationStates.Parked,
                    Parked = new ParkedInfo(ParkedKind.Rejected, ErrorCodes.PayloadTooLarge,
                        $"The record's data is over the server's limit of {maxRecordBytes} bytes.", [new ErrorDetail("data", $"At most {maxRecordBytes} bytes.", "max_record_bytes")]),
                }, cancellationToken).ConfigureAwait(false);
                hold.Park(mutation);
                continue;
            }
            if (mutation.State == MutationStates.Pending)
            {
                await store.ReplaceMutationAsync(session, mutation with { State = MutationStates.InFlight }, cancellationToken).ConfigureAwait(false);
            }
            batch.Add(mutation with { State = MutationStates.InFlight });
        }
        return batch;
    }

    private int BatchLimit(Record? state)
    {
        var server = state?["max_mutations"] is double max ? (int)max : SyncLimits.DefaultMaxMutationsPerRequest;
        var objects = _core.Configs.Values.Where(c => c.AcceptsPush).Select(c => c.BatchSize).DefaultIfEmpty(server).Min();
        return Math.Max(1, Math.Min(Math.Min(server, objects), _batchLimit ?? int.MaxValue));
    }

    private static long DataBytes(LoggedMutation mutation) =>
        mutation.Data is null ? 0 : mutation.Data.Sum(p => JsonValues.Canonical(p.Value).Length + System.Text.Encoding.UTF8.GetByteCount(p.Key) + 4);

    // Whether anything is left to send, from one read of the state and the log, which also counts the status when the
    // run ends here: it needs no read of its own.
    private async Task<LogRead> HasSendableAsync(CancellationToken cancellationToken)
    {
        var ticket = Interlocked.Increment(ref _statusReadsStarted);
        var (resyncing, log) = await _core.Database.System.TransactionAsync(async (session, ct) =>
        {
            var state = await _core.Store.FindStateAsync(session, ClientStore.ClientRow, ct).ConfigureAwait(false);
            return (state?["resyncing"] is true, await _core.Store.MutationsAsync(session, null, null, ct).ConfigureAwait(false));
        }, cancellationToken).ConfigureAwait(false);
        return new LogRead(log, ticket, resyncing || ParkedHold.AnySendable(log));
    }

    // Answers the whole-request refusals a client can fix itself (RFC 10.5); false leaves the error to backoff.
    private async Task<bool> RecoverAsync(SyncTransportException exception, int batchSize, CancellationToken cancellationToken)
    {
        switch (exception.StatusCode, exception.Code)
        {
            case (413, _):
                _batchLimit = Math.Max(1, Math.Min(exception.MaxMutationsPerRequest ?? batchSize / 2, Math.Max(1, batchSize - 1)));
                Log.BatchShrunk(_logger, _batchLimit.Value);
                return batchSize > 1 || exception.MaxMutationsPerRequest is not null && exception.MaxMutationsPerRequest < batchSize;
            case (409, SyncErrorCodes.SequenceBehind):
                await RenumberAsync(exception.HighestSequence ?? _core.CurrentSequence, cancellationToken).ConfigureAwait(false);
                return true;
            case (409, SyncErrorCodes.ClientFenced):
                _core.Epoch = Math.Max(_core.Epoch, exception.ClientEpoch ?? _core.Epoch) + 1;
                await RenumberAsync(exception.HighestSequence ?? _core.CurrentSequence, cancellationToken).ConfigureAwait(false);
                return true;
            case (400, SyncErrorCodes.InvalidCheckpoint):
                await WriteStateAsync(new Record { ["checkpoint"] = null, ["resyncing"] = true }, clearStaging: true, cancellationToken).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    // The server refused the whole request, so nothing of it was applied: every open mutation gets a sequence above
    // the server's highest, ids unchanged (RFC 7).
    private Task RenumberAsync(long highest, CancellationToken cancellationToken) =>
        _core.Database.System.TransactionAsync(async (session, ct) =>
        {
            _core.RaiseSequence(highest);
            foreach (var mutation in await _core.Store.MutationsAsync(session, null, null, ct).ConfigureAwait(false))
            {
                await _core.Store.ReplaceMutationAsync(session, mutation with { Sequence = _core.NextSequence() }, ct).ConfigureAwait(false);
            }
            await _core.Store.PutStateAsync(session, ClientStore.ClientRow, new Record
            {
                ["epoch"] = (double)_core.Epoch,
                ["sequence"] = (double)_core.CurrentSequence,
                ["highest_sequence"] = (double)highest,
            }, ct).ConfigureAwait(false);
        }, cancellationToken);

    private Task WriteStateAsync(Record values, bool clearStaging, CancellationToken cancellationToken) =>
        _core.Database.System.TransactionAsync(async (session, ct) =>
        {
            if (clearStaging)
            {
                await _core.Store.ClearStagingAsync(session, ct).ConfigureAwait(false);
            }
            await _core.Store.PutStateAsync(session, ClientStore.ClientRow, values, ct).ConfigureAwait(false);
        }, cancellationToken);

    // One local transaction per response (RFC 10.3): results, the staged page, the checkpoint, the limits and, at a
    // consistent point (no more pages), the staged changes applied to the synced copy.
    private Task<IReadOnlyList<SyncMutationConflict>> ApplyResponseAsync(SyncPushResponse response, CancellationToken cancellationToken) =>
        _core.Database.System.TransactionAsync(async (session, ct) =>
        {
            using var ambient = StoreHlcStateStore.Ambient(session);
            var store = _core.Store;
            if (Clocks.HlcTimestamp.TryParse(response.ServerClock, out var serverClock))
            {
                await _core.Clock.ReceiveAsync(serverClock, ct).ConfigureAwait(false);
            }
            var conflicts = await _results.ApplyAsync(session, response.Results, ct).ConfigureAwait(false);
            var state = await store.FindStateAsync(session, ClientStore.ClientRow, ct).ConfigureAwait(false);
            var resyncing = state?["resyncing"] is true;
            if (response.ResyncRequired)
            {
                // A new snapshot starts: pages staged for the old checkpoint are void, the old copy stays until it completes.
                await store.ClearStagingAsync(session, ct).ConfigureAwait(false);
                resyncing = true;
                Log.Resync(_logger, response.ResyncReason?.ToString() ?? "unknown");
                Publish(s => s with { LastResyncReason = response.ResyncReason });
            }
            if (response.HasMore)
            {
                await store.StageAsync(session, response.ServerChanges, ResponseBodies.Of(response), ct).ConfigureAwait(false);
            }
            else
            {
                // The last page applies with the pages staged before it, in this transaction: it need not be staged itself.
                var staged = await store.StagedAsync(session, ct).ConfigureAwait(false);
                var changes = staged.Count == 0 ? response.ServerChanges : [.. staged, .. response.ServerChanges];
                await _changes.ApplyAsync(session, changes, resyncing, ct).ConfigureAwait(false);
                if (staged.Count > 0)
                {
                    await store.ClearStagingAsync(session, ct).ConfigureAwait(false);
                }
                resyncing = false;
            }
            await PutResponseStateAsync(session, response.Checkpoint, resyncing, response.ResyncReason?.ToString() ?? state?["resync_reason"],
                response.HighestSequence, response.Limits.MaxMutationsPerRequest, response.Limits.MaxRecordBytes, ct).ConfigureAwait(false);
            return conflicts;
        }, cancellationToken);

    // What a response leaves in the client's state, in the response's transaction: the checkpoint moves with the changes.
    private ValueTask PutResponseStateAsync(
        ObjectQLSession session, string checkpoint, bool resyncing, object? resyncReason, long highestSequence, int maxMutations, int maxRecordBytes,
        CancellationToken cancellationToken)
    {
        _core.RaiseSequence(highestSequence);
        return _core.Store.PutStateAsync(session, ClientStore.ClientRow, new Record
        {
            ["checkpoint"] = checkpoint,
            ["resyncing"] = resyncing,
            ["resync_reason"] = resyncReason,
            ["highest_sequence"] = (double)highestSequence,
            ["max_mutations"] = (double)maxMutations,
            ["max_record_bytes"] = (double)maxRecordBytes,
            ["last_sync_at"] = _core.Timestamp(),
        }, cancellationToken);
    }

    // Refreshes run concurrently (after each local write, at the end of each sync); a read that started earlier must not
    // publish over a later one's newer counts, so each takes a ticket and only the newest ticket so far publishes.
    private long _statusReadsStarted;
    private long _statusReadPublished;

    internal async Task RefreshStatusAsync(CancellationToken cancellationToken)
    {
        var ticket = Interlocked.Increment(ref _statusReadsStarted);
        try
        {
            var (pending, parked) = await _core.Database.System.TransactionAsync(async (session, ct) =>
            {
                var open = await _core.Store.CountMutationsByObjectAsync(session, !ClientStore.InState(MutationStates.Parked), ct).ConfigureAwait(false);
                var parkedRows = await _core.Store.MutationsAsync(session, ClientStore.InState(MutationStates.Parked), null, ct).ConfigureAwait(false);
                return (open, parkedRows);
            }, cancellationToken).ConfigureAwait(false);
            PublishCounts(pending, parked, ticket);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        // A store that cannot be read now leaves the last status; the sync that asked must still end, never hang.
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.StatusRefreshFailed(_logger, exception);
        }
    }

    // The status counted from the whole log, read in a transaction that began after this ticket was taken.
    internal void PublishCounts(IReadOnlyList<LoggedMutation> log, long? ticket = null)
    {
        var pending = log.Where(m => m.State != MutationStates.Parked).GroupBy(m => m.ObjectName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        PublishCounts(pending, [.. log.Where(m => m.State == MutationStates.Parked)], ticket ?? Interlocked.Increment(ref _statusReadsStarted));
    }

    private void PublishCounts(IReadOnlyDictionary<string, int> pending, IReadOnlyList<LoggedMutation> parked, long ticket) =>
        Publish(s =>
        {
            if (ticket < _statusReadPublished)
            {
                return s;
            }
            _statusReadPublished = ticket;
            return s with { PendingCount = pending.Values.Sum(), PendingByObject = pending, Parked = [.. parked.Select(ToParked)] };
        });

    private async Task<long> UnansweredUpToAsync(long sequence, CancellationToken cancellationToken)
    {
        var where = !ClientStore.InState(MutationStates.Parked) & new Querying.Filter.Comparison("sequence", Querying.FilterOperator.Lte, (double)sequence);
        return await _core.Database.System.TransactionAsync((session, ct) => _core.Store.CountMutationsAsync(session, where, ct), cancellationToken).ConfigureAwait(false);
    }

    private ParkedMutation ToParked(LoggedMutation mutation)
    {
        var info = mutation.Parked ?? new ParkedInfo(ParkedKind.Rejected, ErrorCodes.InternalError, "Parked without a reason.");
        var server = info.Conflict is { } conflict && _core.Database.Model.Find(mutation.ObjectName) is { } definition
            ? Storage.RecordValues.ToRecord(definition, conflict.ServerRecord)
            : null;
        return new ParkedMutation(mutation.Id, mutation.ObjectName, mutation.RecordId, mutation.Operation, info.Kind, info.Code, info.Reason, info.Details ?? [], info.Conflict)
        {
            ServerRecord = server,
        };
    }
}

// The log as a run's last transaction read it (the status's ticket taken before that read), and whether it holds a
// mutation to send.
internal sealed record LogRead(IReadOnlyList<LoggedMutation> Log, long Ticket, bool Sendable);
