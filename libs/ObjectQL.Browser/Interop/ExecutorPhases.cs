using System.Diagnostics;

namespace ObjectQL.Browser.Interop;

/// <summary>
/// Where the executor's time goes, summed over its calls: building the requests (the arguments' text and the steps'
/// JSON), the interop calls (the Worker's work and the two messages), and parsing the answers. The benchmark app turns
/// it on to split the store write (docs/performance.md); off, it costs one test per request.
/// </summary>
internal static class ExecutorPhases
{
    /// <summary>Whether the phases are timed.</summary>
    public static bool Enabled { get; set; }

    /// <summary>Stopwatch ticks spent building requests.</summary>
    public static long Building { get; private set; }

    /// <summary>Stopwatch ticks spent in interop calls, from the call until its answer is back.</summary>
    public static long Calling { get; private set; }

    /// <summary>Stopwatch ticks spent parsing answers.</summary>
    public static long Answering { get; private set; }

    /// <summary>The interop calls made.</summary>
    public static int Calls { get; private set; }

    /// <summary>Forgets the sums.</summary>
    public static void Reset() => (Building, Calling, Answering, Calls) = (0, 0, 0, 0);

    /// <summary>The current timestamp when timing, else 0.</summary>
    public static long Start() => Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Adds the time since <paramref name="started"/> to building.</summary>
    public static void Built(long started)
    {
        if (Enabled)
        {
            Building += Stopwatch.GetTimestamp() - started;
        }
    }

    /// <summary>Adds the time since <paramref name="started"/> to calling.</summary>
    public static void Called(long started)
    {
        if (Enabled)
        {
            Calling += Stopwatch.GetTimestamp() - started;
            Calls++;
        }
    }

    /// <summary>Adds the time since <paramref name="started"/> to answering.</summary>
    public static void Answered(long started)
    {
        if (Enabled)
        {
            Answering += Stopwatch.GetTimestamp() - started;
        }
    }
}
