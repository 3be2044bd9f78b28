using NUnit.Framework;
using ObjectQL.Drivers.Memory;
using ObjectQL.Testing;

namespace ObjectQL.Tests;

// The typed repository's compare-and-swap update, its empty patch, and invalid text on the typed create path.
public sealed class TypedWriteHardeningTests
{
    private ObjectQLDatabase _db = null!;
    private Repository<NoteEntity> _notes = null!;

    [SetUp]
    public async Task OpenAsync()
    {
        _db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), TestModels.Conformance);
        _notes = new Repository<NoteEntity>(_db.Object("tck_note"));
    }

    [TearDown]
    public async Task CloseAsync() => await _db.DisposeAsync();

    [Test]
    public async Task Typed_update_with_a_stale_expected_version_is_conflict_naming_the_record_and_both_versions()
    {
        var note = await _notes.CreateAsync(new NoteEntity { Id = "n1", Title = "first" });
        var updated = await _notes.UpdateAsync("n1", new NotePatch { Title = "second" }, expectedVersion: note.Version);
        Assert.That(updated.Version, Is.EqualTo(2L));
        var failure = Assert.ThrowsAsync<ObjectQLException>(() => _notes.UpdateAsync("n1", new NotePatch { Title = "third" }, expectedVersion: 1));
        Assert.That(failure!.Code, Is.EqualTo(ErrorCodes.Conflict));
        Assert.That(failure.Message, Does.Contain("'n1'").And.Contain("expected version 1").And.Contain("found 2"));
        Assert.That((await _notes.FindOneAsync("n1"))!.Title, Is.EqualTo("second"));
    }

    [Test]
    public async Task Typed_empty_patch_changes_nothing_and_emits_no_change()
    {
        await _notes.CreateAsync(new NoteEntity { Id = "n1", Title = "first" });
        var changes = 0;
        using (_db.Changes.Subscribe((_, _) =>
        {
            Interlocked.Increment(ref changes);
            return ValueTask.CompletedTask;
        }))
        {
            var returned = await _notes.UpdateAsync("n1", new NotePatch());
            Assert.That(returned.Version, Is.EqualTo(1L));
            Assert.That(await _notes.UpdateManyAsync([("n1", (IPatch<NoteEntity>)new NotePatch())]), Is.EqualTo(1));
            Assert.That((await _notes.UpdateAsync("n1", new NotePatch(), expectedVersion: 1)).Version, Is.EqualTo(1L));
        }
        Assert.That(changes, Is.Zero);
        Assert.That((await _notes.FindOneAsync("n1"))!.Version, Is.EqualTo(1L));
    }

    // Attribute arguments are stored as UTF-8, which cannot carry a lone surrogate, so the texts are picked by index.
    private static readonly string[] Unstorable = ["a\ud800b", "\udc00", "nul\0"];

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public async Task Typed_create_with_text_no_store_can_hold_is_validation_error_naming_the_field(int which)
    {
        var title = Unstorable[which];
        var failure = Assert.ThrowsAsync<ObjectQLException>(() => _notes.CreateAsync(new NoteEntity { Title = title }));
        Assert.That(failure!.Code, Is.EqualTo(ErrorCodes.ValidationError));
        Assert.That(failure.Field, Is.EqualTo("title"));
        Assert.That(await _notes.CountAsync(), Is.Zero);
    }
}
