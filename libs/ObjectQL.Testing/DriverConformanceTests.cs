namespace ObjectQL.Testing;

/// <summary>
/// The driver conformance kit. A driver runs it by deriving one class and creating a fresh, empty driver per test:
/// <code>
/// [TestFixture]
/// public sealed class SqliteConformanceTests : DriverConformanceTests
/// {
///     protected override Task&lt;IObjectQLDriver&gt; CreateDriverAsync() =&gt; Task.FromResult&lt;IObjectQLDriver&gt;(new SqliteDriver(...));
///     protected override Task TearDownDriverAsync() { /* delete files, drop schemas */ return Task.CompletedTask; }
/// }
/// </code>
/// Most cases go through <see cref="ObjectQLDatabase"/> (the full pipeline), some call the driver directly; the query
/// cases come from <see cref="QueryConformanceTests"/>. Every driver must give exactly the memory driver's answers
/// (docs/querying.md defines them).
/// </summary>
public abstract partial class DriverConformanceTests : QueryConformanceTests;
