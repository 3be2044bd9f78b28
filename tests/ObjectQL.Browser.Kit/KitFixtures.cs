using ObjectQL.Browser;
using ObjectQL.Drivers;
using ObjectQL.Drivers.Memory;
using ObjectQL.Testing;

namespace ObjectQL.Browser.Kit;

/// <summary>What every fixture here shares.</summary>
internal static class KitOptions
{
    /// <summary>
    /// Interpreted WebAssembly runs a regular expression many times slower than the JIT, so the kit's 100 ms default
    /// would fail a format check on a long value for time, not for the answer.
    /// </summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(5);
}

/// <summary>The memory driver, compiled to WebAssembly, answers the whole kit.</summary>
public sealed class MemoryKit : DriverConformanceTests
{
    /// <inheritdoc />
    protected override Task<IObjectQLDriver> CreateDriverAsync() => Task.FromResult<IObjectQLDriver>(new MemoryDriver());

    /// <inheritdoc />
    protected override ObjectQLOptions CreateOptions() => base.CreateOptions() with { RegexTimeout = KitOptions.RegexTimeout };
}

/// <summary>The JavaScript-held SQLite store answers the whole kit: a fresh database per case, deleted afterwards.</summary>
public sealed class BrowserSqliteKit(BrowserStorage storage) : DriverConformanceTests
{
    private BrowserSqliteOptions? _options;

    /// <inheritdoc />
    protected override async Task<IObjectQLDriver> CreateDriverAsync()
    {
        _options = new BrowserSqliteOptions { DatabaseName = $"kit-{Guid.NewGuid():N}.db", Storage = storage };
        var driver = new BrowserSqliteDriver(_options);
        await driver.Store.OpenAsync();
        return driver;
    }

    /// <inheritdoc />
    protected override ObjectQLOptions CreateOptions() => base.CreateOptions() with { RegexTimeout = KitOptions.RegexTimeout };

    /// <inheritdoc />
    protected override async Task TearDownDriverAsync()
    {
        if (_options is not null)
        {
            await BrowserSqliteExecutor.DeleteDatabaseAsync(_options);
        }
    }
}
