using ObjectQL.Sync.Client.Storage;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Tests;

// RFC 10.6's hold, the one rule the batch and the run's end both ask: a parked mutation holds the later mutations of
// its record, never the earlier ones or other records'.
public sealed class ParkedHoldTests
{
    private static LoggedMutation Mutation(long sequence, string recordId, string state) => new()
    {
        Id = $"m{sequence}", Sequence = sequence, ObjectName = "todo", RecordId = recordId, Operation = MutationOperation.Update,
        Timestamp = "2026-12-03T09:00:00.000Z", Clock = "2026-12-03T09:00:01.000Z-00000000-client", BaseVersion = 1, State = state,
    };

    [Test]
    public void A_parked_mutation_holds_only_the_later_mutations_of_its_record()
    {
        var earlier = Mutation(1, "r", MutationStates.InFlight);
        var parked = Mutation(2, "r", MutationStates.Parked);
        var later = Mutation(3, "r", MutationStates.Pending);
        var other = Mutation(4, "s", MutationStates.Pending);
        var hold = ParkedHold.Of([earlier, parked, later, other]);
        Assert.That(new[] { earlier, parked, later, other }.Select(hold.Holds), Is.EqualTo(new[] { false, true, true, false }));
    }

    [Test]
    public void A_log_whose_only_unparked_mutation_is_earlier_than_its_records_parked_one_still_has_something_to_send()
    {
        // The run ends when nothing is sendable: an earlier mutation of a parked record must keep it going, as the next
        // batch would send it.
        Assert.That(ParkedHold.AnySendable([Mutation(1, "r", MutationStates.InFlight), Mutation(2, "r", MutationStates.Parked)]), Is.True);
        Assert.That(ParkedHold.AnySendable([Mutation(2, "r", MutationStates.Parked), Mutation(3, "r", MutationStates.Pending)]), Is.False);
    }

    [Test]
    public void A_mutation_parked_while_a_batch_is_picked_holds_the_later_ones_of_its_record()
    {
        var oversize = Mutation(1, "r", MutationStates.Pending);
        var later = Mutation(2, "r", MutationStates.Pending);
        var hold = ParkedHold.Of([oversize, later]);
        Assert.That(hold.Holds(later), Is.False);
        hold.Park(oversize);
        Assert.That(hold.Holds(later), Is.True);
    }
}
