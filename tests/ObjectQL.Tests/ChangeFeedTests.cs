using Microsoft.Extensions.Logging;
using ObjectQL.Drivers.Memory;
using ObjectQL.Querying;
using ObjectQL.Testing;

namespace ObjectQL.Tests;

[NonParallelizable] // one test captures the process-wide standard error
public sealed class ChangeFeedTests
{
    private readonly List<ChangeHandlerFailure> _failures = [];
    private ObjectQLDatabase _db = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _failures.Clear(); // one fixture instance serves every test
        _db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), TestModels.Conformance,
            new ObjectQLOptions { OnChangeHandlerError = failure => { lock (_failures) { _failures.Add(failure); } } });
    }

    [TearDown]
    public async Task TearDownAsync() => await _db.DisposeAsync();

    private IObjectRepository Notes => _db.Object("tck_note");

    private static Record Note(string id, string title) => new() { ["id"] = id, ["title"] = title };

    private static ValueTask Throw(string message) => ValueTask.FromException(new InvalidOperationException(message));

    [Test]
    public async Task Post_commit_handler_that_throws_does_not_fail_the_committed_write()
    {
        using var failing = _db.Changes.Subscribe((_, _) => Throw("projection is down"));

        var created = await Notes.CreateAsync(Note("n1", "kept"));

        Assert.That(created.Id, Is.EqualTo("n1"));
        Assert.That((await Notes.FindOneAsync("n1"))?["title"], Is.EqualTo("kept"));
        Assert.That(_failures, Has.Count.EqualTo(1));
        Assert.That(_failures[0].Change.Id, Is.EqualTo("n1"));
        Assert.That(_failures[0].Change.Operation, Is.EqualTo(ChangeOperation.Create));
        Assert.That(_failures[0].Exception.Message, Is.EqualTo("projection is down"));
    }

    [Test]
    public async Task Handlers_after_a_failing_one_still_receive_every_change_in_order()
    {
        var before = new List<string>();
        var after = new List<string>();
        using var first = _db.Changes.Subscribe((c, _) => { before.Add($"{c.Operation}:{c.Id}"); return ValueTask.CompletedTask; });
        using var failing = _db.Changes.Subscribe(async (c, _) =>
        {
            await Task.Yield();
            if (c.Id == "b")
            {
                throw new InvalidOperationException("b is unwelcome");
            }
        });
        using var last = _db.Changes.Subscribe((c, _) => { after.Add($"{c.Operation}:{c.Id}"); return ValueTask.CompletedTask; });

        await Notes.CreateManyAsync([Note("a", "1"), Note("b", "2"), Note("c", "3")]);
        var deleted = await Notes.DeleteManyAsync(new Filter.Comparison("id", FilterOperator.In, new[] { "a", "b" }));

        Assert.That(deleted, Is.EqualTo(2));
        string[] expected = ["Create:a", "Create:b", "Create:c", "Delete:a", "Delete:b"];
        Assert.That(before, Is.EqualTo(expected));
        Assert.That(after, Is.EqualTo(expected));
        Assert.That(_failures.Select(static f => $"{f.Change.Operation}:{f.Change.Id}"), Is.EqualTo(new[] { "Create:b", "Delete:b" }));
        Assert.That(await Notes.CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Failure_report_names_the_handler_that_threw()
    {
        ChangeHandler failing = (_, _) => Throw("boom");
        using var healthy = _db.Changes.Subscribe((_, _) => ValueTask.CompletedTask);
        using var subscription = _db.Changes.Subscribe(failing);

        await Notes.CreateAsync(Note("n1", "x"));

        Assert.That(_failures.Select(static f => f.Handler), Is.EqualTo(new[] { failing }));
    }

    [Test]
    public async Task Transaction_with_a_failing_post_commit_handler_returns_its_result_and_keeps_its_writes()
    {
        using var failing = _db.Changes.Subscribe((_, _) => Throw("late"));

        var result = await _db.TransactionAsync(async (session, ct) =>
        {
            await session.Object("tck_note").CreateAsync(Note("t1", "one"), ct);
            await session.Object("tck_note").UpdateAsync("t1", new Record { ["title"] = "two" }, ct);
            return 42;
        });

        Assert.That(result, Is.EqualTo(42));
        Assert.That((await Notes.FindOneAsync("t1"))?["title"], Is.EqualTo("two"));
        Assert.That(_failures.Select(static f => f.Change.Operation), Is.EqualTo(new[] { ChangeOperation.Create, ChangeOperation.Update }));
    }

    [Test]
    public async Task Error_callback_that_throws_does_not_fail_the_write_and_both_failures_are_logged()
    {
        var loggers = new CapturingLoggerFactory();
        await using var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), TestModels.Conformance, new ObjectQLOptions
        {
            OnChangeHandlerError = _ => throw new InvalidOperationException("reporter is down"),
            Diagnostics = new ObjectQLDiagnosticsOptions { LoggerFactory = loggers },
        });
        var delivered = 0;
        using var failing = db.Changes.Subscribe((_, _) => Throw("handler is down"));
        using var counting = db.Changes.Subscribe((_, _) => { delivered++; return ValueTask.CompletedTask; });

        await db.Object("tck_note").CreateAsync(Note("n1", "x"));

        Assert.That(await db.Object("tck_note").CountAsync(), Is.EqualTo(1));
        Assert.That(delivered, Is.EqualTo(1));
        Assert.That(loggers.Entries.Select(static e => (e.Category, e.Level, e.Exception?.Message)), Is.EqualTo(new[]
        {
            ("ObjectQL.Changes", LogLevel.Error, "reporter is down"),
            ("ObjectQL.Changes", LogLevel.Error, (string?)"handler is down"),
        }));
    }

    [Test]
    public async Task Without_an_error_callback_failures_are_logged_as_errors()
    {
        var loggers = new CapturingLoggerFactory();
        await using var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), TestModels.Conformance,
            new ObjectQLOptions { Diagnostics = new ObjectQLDiagnosticsOptions { LoggerFactory = loggers } });
        using var failing = db.Changes.Subscribe((_, _) => Throw("nobody listens"));

        await db.Object("tck_note").CreateAsync(Note("n9", "x"));

        Assert.That(await db.Object("tck_note").CountAsync(), Is.EqualTo(1));
        var entry = loggers.Entries.Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.Category, Is.EqualTo("ObjectQL.Changes"));
            Assert.That(entry.Level, Is.EqualTo(LogLevel.Error));
            Assert.That(entry.Message, Does.Contain("Create tck_note 'n9'"));
            Assert.That(entry.Exception?.Message, Is.EqualTo("nobody listens"));
        });
    }

    [Test]
    public async Task Without_an_error_callback_or_a_logger_failures_are_written_to_standard_error()
    {
        await using var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), TestModels.Conformance);
        using var failing = db.Changes.Subscribe((_, _) => Throw("nobody listens"));
        var standardError = Console.Error;
        using var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            await db.Object("tck_note").CreateAsync(Note("n9", "x"));
        }
        finally
        {
            Console.SetError(standardError);
        }

        Assert.That(await db.Object("tck_note").CountAsync(), Is.EqualTo(1));
        Assert.That(captured.ToString(), Does.Contain("n9").And.Contain("nobody listens"));
    }

    [Test]
    public async Task Before_commit_handler_that_throws_rejects_the_write_and_rolls_it_back()
    {
        var committed = new List<string>();
        using var log = _db.Changes.Subscribe((c, _) => { committed.Add(c.Id); return ValueTask.CompletedTask; });
        using var veto = _db.Changes.SubscribeBeforeCommit((context, _) =>
            context.Changes.Any(static c => c.Id == "bad") ? Throw("change log refused") : ValueTask.CompletedTask);

        await Notes.CreateAsync(Note("good", "x"));
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => Notes.CreateManyAsync([Note("ok", "y"), Note("bad", "z")]));

        Assert.That(error!.Message, Is.EqualTo("change log refused"));
        Assert.That(await Notes.CountAsync(), Is.EqualTo(1), "the whole batch rolled back");
        Assert.That(committed, Is.EqualTo(new[] { "good" }), "a rolled-back write publishes nothing");
        Assert.That(_failures, Is.Empty, "in-transaction failures reach the writer, not the error callback");
    }

    [Test]
    public async Task Before_commit_handler_that_throws_on_update_keeps_the_stored_record()
    {
        await Notes.CreateAsync(Note("n1", "before"));
        using var veto = _db.Changes.SubscribeBeforeCommit((context, _) =>
            context.Changes[0].Operation == ChangeOperation.Update ? Throw("no updates") : ValueTask.CompletedTask);

        Assert.ThrowsAsync<InvalidOperationException>(() => Notes.UpdateAsync("n1", new Record { ["title"] = "after" }));

        var stored = await Notes.FindOneAsync("n1");
        Assert.That(stored?["title"], Is.EqualTo("before"));
        Assert.That(stored?[Metadata.SystemFields.Version], Is.EqualTo(1L));
    }

    private sealed class CapturingLoggerFactory : ILoggerFactory
    {
        public List<(string Category, LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(Entries, categoryName);

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("The capture has no providers.");

        public void Dispose()
        {
        }

        private sealed class Logger(List<(string, LogLevel, string, Exception?)> entries, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (entries)
                {
                    entries.Add((category, logLevel, formatter(state, exception), exception));
                }
            }
        }
    }
}
