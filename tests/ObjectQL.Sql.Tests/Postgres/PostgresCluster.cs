using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ObjectQL.Testing.Postgres;

/// <summary>
/// A real PostgreSQL server for tests and benchmarks: the one named by <c>OBJECTQL_POSTGRES</c> (a connection string)
/// when set, otherwise a throwaway cluster started here (initdb and pg_ctl from /usr/lib/postgresql/*/bin, run as the
/// <c>postgres</c> user when this process is root, on a free loopback port) and stopped by <see cref="Stop"/> or at exit.
/// Never silently absent: without either, <see cref="ServerConnectionString"/> throws saying what to install.
/// </summary>
public static class PostgresCluster
{
    private static readonly object Gate = new();
    private static string? _serverConnectionString;
    private static string? _dataDirectory;
    private static string? _pgCtl;
    private static string? _sharedDatabase;

    /// <summary>When true (the default), the started cluster trades durability for speed (fsync off); benchmarks turn it off.</summary>
    public static bool Fast { get; set; } = true;

    /// <summary>A connection string to the server's <c>postgres</c> database, starting the cluster on first use.</summary>
    public static string ServerConnectionString
    {
        get
        {
            lock (Gate)
            {
                return _serverConnectionString ??= Environment.GetEnvironmentVariable("OBJECTQL_POSTGRES") is { Length: > 0 } configured ? configured : Start();
            }
        }
    }

    /// <summary>Creates a fresh, empty database and returns a connection string to it.</summary>
    public static string CreateDatabase(string prefix = "objectql")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)];
        using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'", connection);
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, Pooling = true }.ToString();
    }

    /// <summary>
    /// Creates a fresh, empty schema in one shared test database and returns a connection string whose search path is
    /// that schema: as isolated as a database for the driver (it works in <c>current_schema()</c>), and far cheaper.
    /// </summary>
    public static string CreateSchema(string prefix = "objectql")
    {
        string database;
        lock (Gate)
        {
            database = _sharedDatabase ??= CreateDatabase("objectql_shared");
        }
        var schema = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)];
        using (var connection = new NpgsqlConnection(database))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA \"{schema}\"", connection);
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(database) { SearchPath = schema }.ToString();
    }

    /// <summary>Drops a schema made by <see cref="CreateSchema"/> with everything in it.</summary>
    public static void DropSchema(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        builder.SearchPath = null;
        using var connection = new NpgsqlConnection(builder.ToString());
        connection.Open();
        using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{new NpgsqlConnectionStringBuilder(connectionString).SearchPath}\" CASCADE", connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/> (closing its pooled connections first).</summary>
    public static void DropDatabase(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using var connection = new NpgsqlConnection(ServerConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Stops the cluster this process started (if any) and deletes its files.</summary>
    public static void Stop()
    {
        lock (Gate)
        {
            if (_sharedDatabase is not null)
            {
                DropDatabase(_sharedDatabase);
                _sharedDatabase = null;
            }
            if (_dataDirectory is null || _pgCtl is null)
            {
                return;
            }
            NpgsqlConnection.ClearAllPools();
            Run(_pgCtl, ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"], throwOnFailure: false);
            try
            {
                Directory.Delete(Path.GetDirectoryName(_dataDirectory)!, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is harmless; the server is already stopped.
            }
            _dataDirectory = null;
            _serverConnectionString = null;
        }
    }

    private static string Start()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL is needed by these tests and was not found: install the Debian package 'postgresql' " +
            "(apt-get install -y postgresql; binaries land in /usr/lib/postgresql/<version>/bin), " +
            "or set OBJECTQL_POSTGRES to a connection string of a server the tests may create databases on.");
        var initdb = Path.Combine(bin, "initdb");
        _pgCtl = Path.Combine(bin, "pg_ctl");
        var directory = Path.Combine(Path.GetTempPath(), $"objectql-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var data = Path.Combine(directory, "data");
        if (IsRoot())
        {
            // initdb refuses to run as root; the cluster belongs to the postgres user that the Debian package creates.
            Run("chown", ["postgres:postgres", directory], throwOnFailure: true);
        }
        Run(initdb, ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], throwOnFailure: true);
        var port = FreePort();
        var options = $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=200";
        if (Fast)
        {
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        }
        Run(_pgCtl, ["-D", data, "-o", options, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start"], throwOnFailure: true);
        _dataDirectory = data;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Timeout=30";
    }

    private static string? FindBinaries()
    {
        const string Root = "/usr/lib/postgresql";
        if (!Directory.Exists(Root))
        {
            return null;
        }
        return Directory.GetDirectories(Root)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d).Split('.')[0], out var v) ? v : 0))
            .Where(x => File.Exists(Path.Combine(x.Dir, "initdb")) && File.Exists(Path.Combine(x.Dir, "pg_ctl")))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Dir)
            .FirstOrDefault();
    }

    private static bool IsRoot() => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string program, string[] arguments, bool throwOnFailure)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (IsRoot() && program != "chown")
        {
            start.FileName = "runuser";
            foreach (var a in (string[])["-u", "postgres", "--", program, .. arguments])
            {
                start.ArgumentList.Add(a);
            }
        }
        else
        {
            start.FileName = program;
            foreach (var a in arguments)
            {
                start.ArgumentList.Add(a);
            }
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (throwOnFailure && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {error} {output.Result}");
        }
    }
}
