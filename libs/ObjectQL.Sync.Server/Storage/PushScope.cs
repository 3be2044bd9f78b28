using ObjectQL.Sync.Resolution;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// What the pushes of one transaction tell its before-commit stage: per mutation, the record it writes and the state
/// its resolver decided, so that record's log row carries the mutation's client and id (the echo, RFC 6.4) and the
/// resolved field clocks, while rows that hooks wrote in the same transaction carry neither.
/// </summary>
internal sealed class PushScope
{
    private readonly Dictionary<(string Object, string Record, string Mutation), (string ClientId, RecordState State)> _expected = [];

    public void Expect(string objectName, string recordId, string mutationId, string clientId, RecordState state)
    {
        lock (_expected)
        {
            _expected[(objectName, recordId, mutationId)] = (clientId, state);
        }
    }

    public bool TryGet(string objectName, string recordId, string mutationId, out string clientId, out RecordState state)
    {
        lock (_expected)
        {
            var found = _expected.TryGetValue((objectName, recordId, mutationId), out var entry);
            (clientId, state) = entry;
            return found;
        }
    }
}
