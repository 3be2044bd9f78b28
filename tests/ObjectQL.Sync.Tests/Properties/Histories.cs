using System.Text;
using System.Text.Json;
using CsCheck;
using ObjectQL.Metadata;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Configuration;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;
using ObjectQL.Sync.Tests.Resolution;

namespace ObjectQL.Sync.Tests.Properties;

/// <summary>Generators of random writes and records, and canonical dumps to compare outcomes byte for byte.</summary>
internal static class Histories
{
    public static readonly string[] FieldNames = ["a", "b", "c", "d"];

    public static readonly Gen<JsonElement> AnyValue = Gen.OneOf(
        Gen.Int[0, 3].Select(i => Build.ToJson(i)),
        Gen.OneOfConst("x", "y").Select(s => Build.ToJson(s)),
        Gen.Const(JsonValues.Null),
        Gen.Int[0, 2].Select(i => JsonValues.Parse($"{{\"k\":{i},\"l\":[{i},1]}}")),
        Gen.Const(JsonValues.Parse("1.0")));

    /// <summary>A non-empty set of fields with values.</summary>
    public static readonly Gen<Dictionary<string, JsonElement>> AnyFields =
        Gen.Int[1, 15].SelectMany(mask => AnyValue.Array[4].Select(values =>
            Enumerable.Range(0, 4).Where(i => (mask & (1 << i)) != 0)
                .ToDictionary(i => FieldNames[i], i => values[i], StringComparer.Ordinal)));

    public static readonly Gen<SyncStrategy> AnyStrategy = Gen.OneOfConst(SyncStrategy.LastWriteWins, SyncStrategy.Crdt, SyncStrategy.Manual);

    public static readonly Gen<string[]> AnyConflictFields = Gen.OneOf(Gen.Const(Array.Empty<string>()), Gen.Const(new[] { "a" }), Gen.Const(new[] { "a", "c" }));

    /// <summary>One write of a history: who, what, when (seconds after T0, may go backwards), and on which base.</summary>
    public sealed record Write(int Client, int Kind, Dictionary<string, JsonElement> Fields, double Seconds, double BaseFraction, bool SendBase)
    {
        public MutationOperation Operation => Kind switch { 0 => MutationOperation.Create, 1 => MutationOperation.Delete, _ => MutationOperation.Update };

        public override string ToString() =>
            $"c{Client} {Operation} {string.Join(",", Fields.Select(f => f.Key + "=" + f.Value.GetRawText()))} @{Seconds:0.###} base{BaseFraction:0.##}{(SendBase ? " +baseData" : "")}";
    }

    public static readonly Gen<Write> AnyWrite =
        from client in Gen.Int[0, 3]
        from kind in Gen.Frequency((1, Gen.Const(0)), (1, Gen.Const(1)), (12, Gen.Const(2)))
        from fields in AnyFields
        from seconds in Gen.Double[-30, 30]
        from baseFraction in Gen.Double[0, 1]
        from sendBase in Gen.Bool
        select new Write(client, kind, fields, Math.Round(seconds, 3), baseFraction, sendBase);

    public static string Client(int index) => $"client-{(char)('a' + index)}";

    /// <summary>The mutation a write becomes against <paramref name="server"/>; the counter keeps every clock unique.</summary>
    public static MutationLogEntry ToMutation(Write write, RecordState? server, int counter)
    {
        var client = Client(write.Client);
        var clock = Build.At(write.Seconds, client, (uint)counter);
        var version = server?.Version ?? 0;
        var baseVersion = version == 0 ? 1 : 1 + (long)Math.Floor(write.BaseFraction * (version - 1));
        return write.Operation switch
        {
            MutationOperation.Create => Build.Mutation(client, MutationOperation.Create, null, clock, write.Fields, id: Build.MutationId(counter)),
            MutationOperation.Delete => Build.Mutation(client, MutationOperation.Delete, baseVersion, clock, id: Build.MutationId(counter)),
            _ => Build.Mutation(client, MutationOperation.Update, baseVersion, clock, write.Fields,
                write.SendBase ? write.Fields.ToDictionary(f => f.Key, f => f.Value.ValueKind == JsonValueKind.Number ? Build.ToJson("x") : Build.ToJson(1), StringComparer.Ordinal) : null,
                id: Build.MutationId(counter)),
        };
    }

    /// <summary>A server record built by resolving a random history with the strategy's own resolver.</summary>
    public static RecordState? Replay(SyncConfig config, IReadOnlyList<Write> writes)
    {
        RecordState? record = null;
        var resolver = ConflictResolverFactory.For(config);
        for (var i = 0; i < writes.Count; i++)
        {
            var write = i == 0 ? writes[0] with { Kind = 0 } : writes[i];
            var resolution = resolver.Resolve(new ResolutionInput(ToMutation(write, record, i), Build.At(write.Seconds, Client(write.Client), (uint)i), record, null, config, Build.T0));
            record = resolution.RecordToStore ?? record;
        }
        return record;
    }

    /// <summary>Everything a resolution says, as text that is equal exactly when the resolutions are.</summary>
    public static string Dump(Sync.Resolution.Resolution resolution)
    {
        var text = new StringBuilder();
        text.Append("store: ").AppendLine(Dump(resolution.RecordToStore));
        text.Append("result: ").AppendLine(SyncJson.WriteIndented(resolution.Result));
        if (resolution.Audit is { } audit)
        {
            text.Append("audit: ").Append(audit.Strategy).Append(' ').Append(audit.Outcome).Append(' ')
                .Append(string.Join(",", audit.ConflictingFields)).Append(' ').Append(audit.ClientClock).Append(' ').Append(audit.ServerClock)
                .Append(' ').Append(audit.ServerVersion).Append(' ').Append(audit.At.ToString("O"))
                .Append(' ').Append(audit.ServerValues is null ? "-" : string.Join(",", audit.ServerValues.Select(v => v.Key + "=" + v.Value.GetRawText())));
        }
        return text.ToString();
    }

    public static string Dump(RecordState? record) => record is null
        ? "null"
        : $"{record.RecordId} v{record.Version} {record.Clock} deleted={record.DeletedAt} " +
          string.Join(";", record.Fields.Select(f => $"{f.Key}={Encoding.UTF8.GetString(JsonValues.Canonical(f.Value.Value))}@{f.Value.Clock}#{f.Value.Version}"));
}
