namespace ObjectQL.Sync.EndToEnd.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a generous deadline passes (a deadline is a failure, never a measurement).</summary>
internal static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task HoldsAsync(Func<Task<bool>> condition, Func<string> describe)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Still not true after {Deadline.TotalSeconds} s: {describe()}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, Func<string> describe) => HoldsAsync(() => Task.FromResult(condition()), describe);
}
