using NUnit.Framework;
using ObjectQL.Metadata;

namespace ObjectQL.Testing;

public abstract partial class DriverConformanceTests
{
    /// <summary>Two writers creating at once both succeed, nothing is lost.</summary>
    [Test]
    public async Task Two_concurrent_writers_lose_nothing()
    {
        async Task WriteAsync(string prefix)
        {
            for (var i = 0; i < 20; i++)
            {
                await Notes.CreateAsync(R(("id", $"{prefix}{i:00}"), ("title", prefix)));
            }
        }
        await Task.WhenAll(Task.Run(() => WriteAsync("a")), Task.Run(() => WriteAsync("b")));
        Assert.That(await Notes.CountAsync(), Is.EqualTo(40));
    }

    /// <summary>Two writers incrementing one counter with compare-and-swap on _version never lose an increment.</summary>
    [Test]
    public async Task Concurrent_version_checked_increments_are_all_kept()
    {
        await Notes.CreateAsync(R(("id", "counter"), ("rank", 0.0)));
        var conflicts = 0;
        async Task IncrementAsync(int times)
        {
            for (var i = 0; i < times; i++)
            {
                while (true)
                {
                    var current = await Notes.FindOneAsync("counter");
                    try
                    {
                        await Notes.UpdateAsync("counter", R(("rank", (double)current!["rank"]! + 1), (SystemFields.Version, current[SystemFields.Version])));
                        break;
                    }
                    catch (ObjectQLException e) when (e.Code == ErrorCodes.Conflict)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }
        }
        await Task.WhenAll(Task.Run(() => IncrementAsync(15)), Task.Run(() => IncrementAsync(15)));
        var final = await Notes.FindOneAsync("counter");
        Assert.That(final!["rank"], Is.EqualTo(30.0));
        Assert.That(final[SystemFields.Version], Is.EqualTo(31L));
    }

    /// <summary>Of two updates based on the same version, exactly one wins; the other is a conflict.</summary>
    [Test]
    public async Task Two_updates_from_the_same_version_let_exactly_one_win()
    {
        await Notes.CreateAsync(R(("id", "race"), ("title", "start")));
        async Task<bool> TryAsync(string title)
        {
            try
            {
                await Notes.UpdateAsync("race", R(("title", title), (SystemFields.Version, 1L)));
                return true;
            }
            catch (ObjectQLException e) when (e.Code == ErrorCodes.Conflict)
            {
                return false;
            }
        }
        var results = await Task.WhenAll(Task.Run(() => TryAsync("left")), Task.Run(() => TryAsync("right")));
        Assert.That(results.Count(static r => r), Is.EqualTo(1));
        var stored = await Notes.FindOneAsync("race");
        Assert.That(stored!["title"], Is.EqualTo(results[0] ? "left" : "right"));
        Assert.That(stored[SystemFields.Version], Is.EqualTo(2L));
    }
}
