using Microsoft.Extensions.Time.Testing;

namespace ObjectQL.Sync.Tests.Clocks;

/// <summary>
/// A device's wall clock: the shared <see cref="FakeTimeProvider"/> (true time) plus a skew that may change, including
/// backwards, as when a user or NTP resets the clock.
/// </summary>
internal sealed class SkewedTimeProvider(FakeTimeProvider trueTime, TimeSpan skew) : TimeProvider
{
    public TimeSpan Skew { get; set; } = skew;

    public override DateTimeOffset GetUtcNow() => trueTime.GetUtcNow() + Skew;
}
