namespace ObjectQL.Generators.Tests;

/// <summary>The typed sync views: emitted per synced object, and only when the project references the sync client.</summary>
public class SyncOutputTests
{
    private static readonly (string Path, string Text)[] Files =
    [
        ("/p/note.object.yml", "fields:\n  body: { type: text }\nsync: { enabled: true, strategy: manual }\n"),
        ("/p/draft.object.yml", "fields:\n  body: { type: text }\nsync: { enabled: false }\n"),
        ("/p/memo.object.yml", "fields:\n  body: { type: text }\n"),
    ];

    [Test]
    public void Only_synced_objects_get_typed_sync_views()
    {
        var outcome = GeneratorHarness.Run(GeneratorHarness.Namespace, withSyncClient: true, Files);
        Assert.That(outcome.Sources.Select(s => s.HintName).Where(h => h.EndsWith(".Sync.g.cs", StringComparison.Ordinal)), Is.EqualTo(new[] { "Note.Sync.g.cs" }));
        Assert.That(outcome.CompileDiagnostics().Select(d => d.ToString()), Is.Empty);
    }

    [Test]
    public void A_project_without_the_sync_client_gets_no_sync_views_and_still_compiles()
    {
        var outcome = GeneratorHarness.Run(GeneratorHarness.Namespace, withSyncClient: false, Files);
        Assert.That(outcome.Sources.Select(s => s.HintName), Has.None.EndsWith(".Sync.g.cs"));
        Assert.That(outcome.Sources.Select(s => s.HintName), Does.Contain("Note.g.cs"));
        Assert.That(outcome.CompileDiagnostics().Select(d => d.ToString()), Is.Empty);
    }

    [Test]
    public void An_object_named_like_a_sync_view_of_another_is_a_type_name_collision()
    {
        var outcome = GeneratorHarness.Run(GeneratorHarness.Namespace, withSyncClient: true,
            ("/p/note.object.yml", "fields:\n  body: { type: text }\nsync: { enabled: true }\n"),
            ("/p/note_sync_status.object.yml", "fields:\n  body: { type: text }\n"));
        Assert.That(outcome.Diagnostics.Select(d => d.Id), Does.Contain("OQL0203"));
        Assert.That(outcome.CompileDiagnostics().Select(d => d.ToString()), Is.Empty);
    }
}
