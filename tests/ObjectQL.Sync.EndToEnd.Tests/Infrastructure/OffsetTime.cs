namespace ObjectQL.Sync.EndToEnd.Tests.Infrastructure;

/// <summary>A device's clock: the shared test time plus a fixed error (an hour fast or slow); timers run on the shared time.</summary>
internal sealed class OffsetTime(TimeProvider world, TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => world.GetUtcNow() + offset;

    public override long GetTimestamp() => world.GetTimestamp();

    public override long TimestampFrequency => world.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => world.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        world.CreateTimer(callback, state, dueTime, period);
}
