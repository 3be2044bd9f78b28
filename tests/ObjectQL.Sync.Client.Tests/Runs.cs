namespace ObjectQL.Sync.Client.Tests;

internal static class Runs
{
    // Waits for the sync run that `trigger` starts (a timer fired by advancing fake time) to end.
    public static async Task AfterAsync(SyncClient client, Action trigger)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = false;
        var after = 0;
        void OnStatus(object? sender, SyncStatus status)
        {
            if (status.Activity == SyncActivity.Syncing)
            {
                started = true;
            }
            // The run's outcome, then its refreshed counts.
            else if (started && ++after == 2)
            {
                ended.TrySetResult();
            }
        }
        client.StatusChanged += OnStatus;
        try
        {
            trigger();
            await ended.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            client.StatusChanged -= OnStatus;
        }
    }
}
