using System.Globalization;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Configuration;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;

namespace ObjectQL.Sync.Tests.Resolution;

/// <summary>Builders for mutations and clocks in the worked examples (all times on 2026-11-26, UTC).</summary>
internal static class Build
{
    public const string Todo = "todo_item";
    public const string RecordId = "0193a5b2-0000-7000-8000-00000000000a";
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static int _ids;

    /// <summary>A clock at T0 + <paramref name="seconds"/>.</summary>
    public static HlcTimestamp At(double seconds, string node, uint counter = 0) =>
        new((T0 + TimeSpan.FromSeconds(seconds)).ToUnixTimeMilliseconds(), counter, node);

    public static Dictionary<string, JsonElement> Fields(params (string Field, object? Value)[] fields) =>
        fields.ToDictionary(f => f.Field, f => ToJson(f.Value), StringComparer.Ordinal);

    public static JsonElement ToJson(object? value) => value switch
    {
        null => JsonValues.Null,
        bool b => JsonValues.Parse(b ? "true" : "false"),
        string s => JsonValues.Parse(JsonSerializer.Serialize(s, TestJsonContext.Default.String)),
        int i => JsonValues.Parse(i.ToString(CultureInfo.InvariantCulture)),
        JsonElement e => e,
        _ => throw new ArgumentException($"Unsupported value {value}."),
    };

    public static string MutationId(int n) => $"0193a5b2-7c4a-7d3e-9f10-{n:x12}";

    public static MutationLogEntry Mutation(
        string client, MutationOperation operation, long? baseVersion, HlcTimestamp clock,
        Dictionary<string, JsonElement>? data = null, Dictionary<string, JsonElement>? baseData = null,
        string recordId = RecordId, long sequence = 1, string? id = null) =>
        new(id ?? MutationId(Interlocked.Increment(ref _ids)), Todo, recordId, operation,
            clock.WallTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            client, sequence, baseVersion, clock.ToString(), data, baseData);

    public static MutationLogEntry Create(string client, HlcTimestamp clock, params (string, object?)[] fields) =>
        Mutation(client, MutationOperation.Create, null, clock, Fields(fields));

    public static MutationLogEntry Update(string client, long baseVersion, HlcTimestamp clock, params (string, object?)[] fields) =>
        Mutation(client, MutationOperation.Update, baseVersion, clock, Fields(fields));

    public static MutationLogEntry Delete(string client, long baseVersion, HlcTimestamp clock) =>
        Mutation(client, MutationOperation.Delete, baseVersion, clock);

    public static SyncConfig Config(SyncStrategy strategy, params string[] conflictFields) =>
        SyncConfig.For(Todo, new SyncSettings { Enabled = true, Strategy = strategy, ConflictFields = conflictFields });
}

/// <summary>A server holding one record, applying resolutions the way the endpoint will: store what the resolver returns.</summary>
internal sealed class RecordHost(SyncConfig config)
{
    public RecordState? Record { get; private set; }

    public List<ConflictAuditEntry> Audit { get; } = [];

    public SyncConfig Config { get; } = config;

    public Sync.Resolution.Resolution Push(MutationLogEntry mutation, HlcTimestamp? clock = null, IReadOnlyDictionary<string, JsonElement>? baseImage = null)
    {
        var resolver = ConflictResolverFactory.For(Config);
        var input = new ResolutionInput(mutation, clock ?? HlcTimestamp.Parse(mutation.Clock), Record, baseImage, Config, Build.T0);
        var resolution = resolver.Resolve(input);
        if (resolution.RecordToStore is { } stored)
        {
            // The endpoint writes with compare-and-swap on the version it read; the resolver bumps it by one, or keeps it
            // for a write that only moves clocks (no value changes: a metadata write with no change-log row).
            var next = stored.Version == (Record?.Version ?? 0) + 1;
            var clocksOnly = Record is not null && stored.Version == Record.Version && SameValues(stored, Record);
            if (!next && !clocksOnly)
            {
                throw new InvalidOperationException($"Version {stored.Version} after {Record?.Version}.");
            }
            Record = stored;
        }
        if (resolution.Audit is { } audit)
        {
            Audit.Add(audit);
        }
        return resolution;
    }

    private static bool SameValues(RecordState a, RecordState b) =>
        a.IsDeleted == b.IsDeleted && a.Fields.Count == b.Fields.Count
        && a.Fields.All(f => b.Fields.TryGetValue(f.Key, out var other) && JsonValues.ValueEquals(f.Value.Value, other.Value) && f.Value.Version == other.Version);

    /// <summary>A field's value as JSON text, or null when absent.</summary>
    public string? this[string field] => Record?.ValueOf(field)?.GetRawText();
}
