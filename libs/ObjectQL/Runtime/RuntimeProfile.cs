using ObjectQL.Runtime;

namespace ObjectQL;

/// <summary>
/// Where the code runs and what that host can do, detected once (<see cref="Current"/>), for choosing defaults: a file
/// store only where files persist, parallel work only where threads exist, network listeners only where sockets exist.
/// docs/hosting/edge.md lists what each host means and which defaults follow from it.
/// </summary>
public sealed record RuntimeProfile
{
    private static readonly Lazy<RuntimeProfile> Detected = new(RuntimeDetection.Detect);

    /// <summary>The profile of the running process.</summary>
    public static RuntimeProfile Current => Detected.Value;

    /// <summary>The host kind.</summary>
    public required RuntimeHost Host { get; init; }

    /// <summary>
    /// True when code can be generated at run time; false under NativeAOT, on WebAssembly, and on the JIT when the project
    /// sets <c>PublishAot</c> (the SDK then switches dynamic code off for <c>dotnet run</c> too).
    /// </summary>
    public required bool SupportsDynamicCode { get; init; }

    /// <summary>
    /// True when files written through <see cref="System.IO.File"/> persist beyond the process: on a server or a native
    /// binary. False on .NET WebAssembly in a JavaScript host, whose file system is an in-memory one that vanishes with
    /// the page or process (a browser store goes through JavaScript instead). True on WASI, which writes to the directories
    /// the host pre-opened.
    /// </summary>
    public required bool HasFileSystem { get; init; }

    /// <summary>True when work can run on several threads at once; false on single-threaded WebAssembly.</summary>
    public required bool HasThreads { get; init; }

    /// <summary>True when the process can open sockets (listen for HTTP, connect to PostgreSQL); false on WebAssembly.</summary>
    public required bool HasSockets { get; init; }

    /// <summary>True on any WebAssembly host.</summary>
    public bool IsWebAssembly => Host is not (RuntimeHost.Jit or RuntimeHost.NativeAot);

    /// <summary>
    /// The default number of operations to run side by side (connection pool size, parallel pushes): the processor count
    /// where threads exist, else 1.
    /// </summary>
    public int DefaultParallelism => HasThreads ? Math.Max(1, Environment.ProcessorCount) : 1;

    /// <summary>
    /// Whether a file-backed store (a SQLite file) is the sane default; where files do not persist the default store is
    /// the memory driver, or a browser store the application supplies.
    /// </summary>
    public bool PrefersFileStore => HasFileSystem;
}
