// Measures published server binaries from outside, one after the other on the same machine:
//   dotnet run -c Release --project benchmarks/ObjectQL.Server.Benchmarks -- --objectql <Server binary> --raw <RawServer binary>
// (benchmarks/ObjectQL.Server.Benchmarks/measure.sh publishes both with NativeAOT and runs this). For each binary:
// size, cold start (process start to the first answered GET by id, wall and CPU time, median of several starts), then a steady GET-by-id
// load: requests per second and the largest resident set size seen. Prints one Markdown table.
// With --mstat PATH it prints what a NativeAOT binary carries instead, by assembly (SizeReport.cs).
using System.Globalization;
using ObjectQL.Server.Benchmarks;

if (args is ["--mstat", var mstat, ..])
{
    SizeReport.Print(mstat, args is [_, _, "--top", var top, ..] ? int.Parse(top, CultureInfo.InvariantCulture) : 40);
    return;
}
var options = MeasureOptions.Parse(args);
var rows = new List<Measurement>();
foreach (var target in options.Targets)
{
    Console.Error.WriteLine($"measuring {target.Name}: {target.Binary}");
    rows.Add(await Measurer.MeasureAsync(target, options));
}
// Ratios to the raw baseline of the same run: on a shared machine they move far less than the absolute figures.
var raw = rows.FirstOrDefault(row => !options.Targets.Single(t => t.Name == row.Name).IsObjectQL);
Console.WriteLine($"| server | binary MB | cold start ms (median of {options.ColdStarts}) | cold start CPU ms | GetById req/s ({options.Connections} connections, {options.Seconds} s) | peak RSS MB |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var row in rows)
{
    var baseline = ReferenceEquals(row, raw) ? null : raw;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {row.Name} | {row.BinaryMegabytes:F1} | {row.ColdStartMilliseconds:F1}{Ratio(row.ColdStartMilliseconds, baseline?.ColdStartMilliseconds)} | {row.ColdStartCpuMilliseconds:F1}{Ratio(row.ColdStartCpuMilliseconds, baseline?.ColdStartCpuMilliseconds)} | {row.RequestsPerSecond:F0}{Ratio(row.RequestsPerSecond, baseline?.RequestsPerSecond)} | {row.PeakRssMegabytes:F1} |"));
}

static string Ratio(double value, double? baseline) =>
    baseline is > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({value / baseline.Value:F2}x raw)") : "";
