using System.Diagnostics.Tracing;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>
/// The runtime's allocation samples (one event about every 100 KB allocated, naming the type that crossed the mark),
/// summed by type: where a run's bytes go, without a profiler. <c>--counts --types</c>.
/// </summary>
internal sealed class AllocationTypes : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private bool _recording;

    public void Start()
    {
        lock (_bytes)
        {
            _bytes.Clear();
            _recording = true;
        }
    }

    public IReadOnlyList<(string Type, long Bytes)> Stop(int top)
    {
        lock (_bytes)
        {
            _recording = false;
            return _bytes.OrderByDescending(b => b.Value).Take(top).Select(b => (b.Key, b.Value)).ToArray();
        }
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs data)
    {
        if (data.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || data.Payload is null)
        {
            return;
        }
        var type = data.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? data.Payload[t] as string ?? "?" : "?";
        var amount = data.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(data.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 0;
        lock (_bytes)
        {
            if (_recording)
            {
                _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
            }
        }
    }
}
