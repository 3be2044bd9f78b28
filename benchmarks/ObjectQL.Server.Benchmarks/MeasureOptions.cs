using System.Globalization;

namespace ObjectQL.Server.Benchmarks;

/// <summary>A binary to measure and how to seed it: the ObjectQL server creates its record over REST, the raw one at start.</summary>
internal sealed record Target(string Name, string Binary, bool IsObjectQL);

/// <summary>
/// Command-line options: <c>--objectql PATH [--objectql-sqlite PATH] --raw PATH [--seconds 10] [--connections 32]
/// [--cold-starts 7]</c>; <c>--objectql-sqlite</c> is the server published with <c>-p:ServerPostgres=false</c>.
/// </summary>
internal sealed record MeasureOptions(IReadOnlyList<Target> Targets, int Seconds, int Connections, int ColdStarts)
{
    public static MeasureOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }
        var targets = new List<Target>();
        if (values.TryGetValue("objectql", out var objectql))
        {
            targets.Add(new Target("ObjectQL server (NativeAOT)", Path.GetFullPath(objectql), IsObjectQL: true));
        }
        if (values.TryGetValue("objectql-sqlite", out var sqliteOnly))
        {
            targets.Add(new Target("ObjectQL server, SQLite only (NativeAOT)", Path.GetFullPath(sqliteOnly), IsObjectQL: true));
        }
        if (values.TryGetValue("raw", out var raw))
        {
            targets.Add(new Target("raw Kestrel + ADO.NET (NativeAOT)", Path.GetFullPath(raw), IsObjectQL: false));
        }
        if (targets.Count == 0)
        {
            throw new ArgumentException("Name at least one binary: --objectql <path>, --objectql-sqlite <path>, --raw <path>.");
        }
        return new MeasureOptions(targets, Number(values, "seconds", 10), Number(values, "connections", 32), Number(values, "cold-starts", 7));
    }

    private static int Number(Dictionary<string, string> values, string key, int fallback) =>
        values.TryGetValue(key, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}

/// <summary>One binary's figures.</summary>
internal sealed record Measurement(string Name, double BinaryMegabytes, double ColdStartMilliseconds, double ColdStartCpuMilliseconds, double RequestsPerSecond, double PeakRssMegabytes);
