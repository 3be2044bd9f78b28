using System.Diagnostics;
using System.Globalization;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>
/// The server's reading of one push of 1000 creates alone, with no HTTP and no store: <see cref="SyncJson.ReadRequest"/>
/// (what the endpoint reads a body with: count, parse, validate) and <see cref="SyncWireValidator.Validate"/> by itself
/// (what <c>SyncServer.HandleAsync</c> adds for a request it did not read), each repeated on one thread, with this
/// process's CPU and the bytes allocated per call; beside them the writing of the answer to such a push (1000 results
/// applied as sent, no changes) as the endpoint writes it. <c>--request-quick [repeats, default 200]</c>; prints five rounds.
/// </summary>
public static class RequestQuick
{
    private const int Rounds = 5;

    private const int Mutations = 1000;

    public static void Run(string[] args)
    {
        var repeats = args.Select(a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).FirstOrDefault(n => n > 0, 200);
        var body = new NotePushes().Next(Mutations, "bench");
        var request = SyncJson.ReadRequest(body, Mutations);
        var answer = new SyncPushResponse(
            request.Mutations.Select((m, i) => (SyncMutationResult)new SyncMutationApplied(m.Id, 1, ApplyOutcome.Accepted, m.Clock)).ToArray(),
            [], "checkpoint", HasMore: false, ResyncRequired: false, request.ClientClock, request.Mutations.Count, SyncLimits.Default);
        Console.WriteLine($"a push of {request.Mutations.Count} creates, {body.Length:N0} bytes");
        for (var round = 0; round < Rounds; round++)
        {
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            var read = Measure(() => SyncJson.ReadRequest(body, Mutations), repeats);
            var validate = Measure(() => SyncWireValidator.Validate(request), repeats);
            var write = Measure(() => SyncJson.Write(answer, SyncJson.Context.SyncPushResponse), repeats);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"read {read.CpuMs:N2} ms CPU, {read.Bytes / 1024.0:N0} KB; validate alone {validate.CpuMs:N2} ms CPU, {validate.Bytes / 1024.0:N0} KB; answer written {write.CpuMs:N2} ms CPU, {write.Bytes / 1024.0:N0} KB (per call, load {load} before)"));
        }
    }

    private static (double CpuMs, double Bytes) Measure(Func<object> call, int repeats)
    {
        call();
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < repeats; i++)
        {
            call();
        }
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        return (cpu.TotalMilliseconds / repeats, (double)allocated / repeats);
    }
}
