// Measures published server binaries from outside, one after the other on the same machine:
//   dotnet run -c Release --project benchmarks/ObjectQL.Server.Benchmarks -- --objectql <Server binary> --raw <RawServer binary>
// (benchmarks/ObjectQL.Server.Benchmarks/measure.sh publishes both with NativeAOT and runs this). For each binary:
// size, cold start (process start to the first answered GET by id, median of several starts), then a steady GET-by-id
// load: requests per second and the largest resident set size seen. Prints one Markdown table.
using System.Globalization;
using ObjectQL.Server.Benchmarks;

var options = MeasureOptions.Parse(args);
var rows = new List<Measurement>();
foreach (var target in options.Targets)
{
    Console.Error.WriteLine($"measuring {target.Name}: {target.Binary}");
    rows.Add(await Measurer.MeasureAsync(target, options));
}
Console.WriteLine($"| server | binary MB | cold start ms (median of {options.ColdStarts}) | GetById req/s ({options.Connections} connections, {options.Seconds} s) | peak RSS MB |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var row in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {row.Name} | {row.BinaryMegabytes:F1} | {row.ColdStartMilliseconds:F1} | {row.RequestsPerSecond:F0} | {row.PeakRssMegabytes:F1} |"));
}
