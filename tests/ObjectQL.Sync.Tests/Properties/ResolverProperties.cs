using System.Text.Json;
using CsCheck;
using ObjectQL.Metadata;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;
using ObjectQL.Sync.Tests.Resolution;
using static ObjectQL.Sync.Tests.Properties.Histories;

namespace ObjectQL.Sync.Tests.Properties;

public sealed class ResolverProperties
{
    private static readonly Gen<(SyncStrategy Strategy, string[] ConflictFields, Write[] History, Write Next)> AnyCase =
        from strategy in AnyStrategy
        from conflictFields in AnyConflictFields
        from history in AnyWrite.Array[1, 8]
        from next in AnyWrite
        select (strategy, conflictFields, history, next);

    private static ResolutionInput Input((SyncStrategy Strategy, string[] ConflictFields, Write[] History, Write Next) c, out IConflictResolver resolver)
    {
        var config = Build.Config(c.Strategy, c.ConflictFields);
        resolver = ConflictResolverFactory.For(config);
        var server = Replay(config, c.History);
        var mutation = ToMutation(c.Next, server, 1_000);
        // Half the time the server knows the base image, as when its change log still holds the base version.
        var baseImage = c.Next.SendBase && server is { IsDeleted: false } ? server.Fields.ToDictionary(f => f.Key, f => f.Value.Value, StringComparer.Ordinal) : null;
        return new ResolutionInput(mutation, Sync.Clocks.HlcTimestamp.Parse(mutation.Clock), server, baseImage, config, Build.T0);
    }

    [Test]
    public void Every_resolver_is_deterministic()
    {
        AnyCase.Sample(c =>
        {
            var input = Input(c, out var resolver);
            var first = Dump(resolver.Resolve(input));
            // A second input built from scratch (fresh JSON documents, fresh objects) must give the same answer.
            var again = Input(c, out var sameResolver);
            var copy = again with { Mutation = SyncJson.Read(SyncJson.Write(again.Mutation, SyncJsonContext.Default.MutationLogEntry), SyncJsonContext.Default.MutationLogEntry) };
            return first == Dump(sameResolver.Resolve(copy)) && first == Dump(resolver.Resolve(input));
        }, iter: 400);
    }

    [Test]
    public void Applying_a_mutation_twice_equals_applying_it_once()
    {
        AnyCase.Sample(c =>
        {
            var input = Input(c, out var resolver);
            var once = resolver.Resolve(input).RecordToStore ?? input.Server;
            var twice = resolver.Resolve(input with { Server = once });
            return twice.RecordToStore is null;
        }, iter: 400);
    }

    [Test]
    public void A_stored_record_always_has_the_next_version()
    {
        AnyCase.Sample(c =>
        {
            var input = Input(c, out var resolver);
            var stored = resolver.Resolve(input).RecordToStore;
            // Or the same version when only clocks move (crdt registers, an earlier delete clock): no value changes.
            return stored is null || stored.Version == (input.Server?.Version ?? 0) + 1
                || (stored.Version == input.Server!.Version && stored.IsDeleted == input.Server.IsDeleted
                    && stored.Fields.All(f => JsonValues.ValueEquals(f.Value.Value, input.Server.ValueOf(f.Key))));
        }, iter: 400);
    }

    [Test]
    public void Every_conflict_is_audited()
    {
        AnyCase.Sample(c =>
        {
            var input = Input(c, out var resolver);
            var resolution = resolver.Resolve(input);
            var after = resolution.RecordToStore ?? input.Server;
            var discarded = resolution.Result is SyncMutationApplied && after is { IsDeleted: false } && input.Mutation.Data is { } written
                && written.Any(f => f.Key != "id"
                    && !JsonValues.ValueEquals(f.Value, after.ValueOf(f.Key))
                    && !((input.BaseImage ?? input.Mutation.BaseData) is { } b && b.TryGetValue(f.Key, out var before) && JsonValues.ValueEquals(before, f.Value)));
            var conflicted = discarded || resolution.Result is SyncMutationConflict
                || resolution.Result is SyncMutationApplied { Outcome: ApplyOutcome.Superseded or ApplyOutcome.Deleted };
            return !conflicted || resolution.Audit is not null;
        }, iter: 400);
    }

    [Test]
    public void Manual_conflicting_fields_are_changed_on_both_sides_to_different_values()
    {
        AnyCase.Where(c => c.Strategy == SyncStrategy.Manual).Sample(c =>
        {
            var input = Input(c, out var resolver);
            if (resolver.Resolve(input).Result is not SyncMutationConflict { Conflict: var conflict } || input.Mutation.Operation != MutationOperation.Update)
            {
                return true;
            }
            return conflict.ConflictingFields.All(f =>
                !JsonValues.ValueEquals(input.Mutation.Data![f], input.Server!.Fields[f].Value)
                && input.Server.Fields[f].Version > input.Mutation.BaseVersion
                && input.Config.IsConflictField(f));
        }, iter: 400);
    }

    [Test]
    public void A_deleted_record_never_comes_back()
    {
        AnyCase.Sample(c =>
        {
            var input = Input(c, out var resolver);
            return input.Server is not { IsDeleted: true } || resolver.Resolve(input).RecordToStore is null or { IsDeleted: true };
        }, iter: 400);
    }
}
