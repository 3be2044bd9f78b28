using System.Text;
using System.Text.Json.Serialization.Metadata;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Tests.Protocol;

public sealed class GoldenJsonTests
{
    public sealed record Case(string File, object Value, Func<byte[], object> Read, Func<object, string> Write)
    {
        public override string ToString() => File;
    }

    private static Case Of<T>(string file, T value, JsonTypeInfo<T> typeInfo) where T : notnull =>
        new(file, value, bytes => SyncJson.Read(bytes, typeInfo), v => SyncJson.WriteIndented((T)v) + "\n");

    private static Case Error(string file, ErrorBody value) =>
        new(file, value, bytes => ErrorJson.Read(bytes), v => ErrorJson.WriteIndented((ErrorBody)v) + "\n");

    public static IEnumerable<Case> Cases()
    {
        var c = SyncJsonContext.Default;
        yield return Of("push-request.json", Samples.Request, c.SyncPushRequest);
        yield return Of("mutation-create.json", Samples.Create, c.MutationLogEntry);
        yield return Of("mutation-update.json", Samples.Update, c.MutationLogEntry);
        yield return Of("mutation-delete.json", Samples.Delete, c.MutationLogEntry);
        yield return Of("result-applied.json", Samples.AppliedAccepted, c.SyncMutationResult);
        yield return Of("result-applied-merged.json", Samples.AppliedMerged, c.SyncMutationResult);
        yield return Of("result-conflict.json", Samples.ConflictResult, c.SyncMutationResult);
        yield return Of("result-rejected.json", Samples.Rejected, c.SyncMutationResult);
        yield return Of("result-rejected-too-large.json", Samples.RejectedTooLarge, c.SyncMutationResult);
        yield return Of("result-rejected-already-exists.json", Samples.RejectedExists, c.SyncMutationResult);
        yield return Of("result-applied-crdt.json", Samples.AppliedCrdt, c.SyncMutationResult);
        yield return Of("conflict.json", Samples.Conflict, c.SyncConflict);
        yield return Of("server-change-update.json", Samples.ChangeUpdate, c.SyncServerChange);
        yield return Of("server-change-delete.json", Samples.ChangeDelete, c.SyncServerChange);
        yield return Of("server-change-remove.json", Samples.ChangeRemove, c.SyncServerChange);
        yield return Of("push-response.json", Samples.Response, c.SyncPushResponse);
        yield return Of("push-response-resync.json", Samples.ResyncResponse, c.SyncPushResponse);
        yield return Error("error-unsupported-version.json", Samples.VersionError);
        yield return Error("error-too-many-mutations.json", Samples.TooManyError);
        yield return Error("error-client-fenced.json", Samples.FencedError);
        yield return Error("error-sequence-behind.json", Samples.SequenceBehindError);
    }

    [TestCaseSource(nameof(Cases))]
    public void Writing_the_sample_gives_the_golden_file_byte_for_byte(Case golden)
    {
        var written = golden.Write(golden.Value);
        if (GoldenFiles.Updating)
        {
            GoldenFiles.Write(golden.File, written);
        }
        Assert.That(Encoding.UTF8.GetBytes(written), Is.EqualTo(GoldenFiles.Read(golden.File)), golden.File);
    }

    [TestCaseSource(nameof(Cases))]
    public void Reading_the_golden_file_and_writing_it_again_is_byte_identical(Case golden)
    {
        var bytes = GoldenFiles.Read(golden.File);
        var read = golden.Read(bytes);
        Assert.That(Encoding.UTF8.GetBytes(golden.Write(read)), Is.EqualTo(bytes), golden.File);
    }

    [Test]
    public void Golden_request_and_response_pass_the_semantic_checks()
    {
        var request = SyncJson.ReadRequest(GoldenFiles.Read("push-request.json"));
        var response = SyncJson.ReadResponse(GoldenFiles.Read("push-response.json"));
        var error = SyncJson.ReadError(GoldenFiles.Read("error-unsupported-version.json"));
        Assert.Multiple(() =>
        {
            Assert.That(request.Mutations.Select(m => m.Operation), Is.EqualTo(new[] { MutationOperation.Create, MutationOperation.Update, MutationOperation.Delete }));
            Assert.That(request.LastCheckpoint, Is.EqualTo("v1.AAAAAAAAAHs.c2lnbmF0dXJl"));
            Assert.That(response.Results.Select(r => r.GetType()), Is.EqualTo(new[] { typeof(SyncMutationApplied), typeof(SyncMutationConflict), typeof(SyncMutationRejected) }));
            Assert.That(response.Results.Select(r => r.MutationId), Is.EqualTo(new[] { Samples.CreateId, Samples.UpdateId, Samples.DeleteId }));
            Assert.That(response.HasMore, Is.True);
            Assert.That(SyncErrorBodies.SupportedVersions(error), Is.EqualTo(new[] { 1 }));
            Assert.That(response.HighestSequence, Is.EqualTo(3));
            Assert.That(response.Limits.MaxRecordBytes, Is.EqualTo(1 << 20));
        });
    }

    [Test]
    public void Compact_wire_form_reads_back_to_the_same_message()
    {
        var bytes = SyncJson.Write(Samples.Response, SyncJsonContext.Default.SyncPushResponse);
        var text = Encoding.UTF8.GetString(bytes);
        var again = SyncJson.ReadResponse(bytes);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain("\n"));
            Assert.That(text, Does.StartWith("{\"results\":[{\"status\":\"applied\",\"mutationId\":"));
            Assert.That(SyncJson.WriteIndented(again), Is.EqualTo(SyncJson.WriteIndented(Samples.Response)));
        });
    }
}
