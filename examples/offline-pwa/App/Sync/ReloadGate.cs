namespace OfflinePwa.App.Sync;

/// <summary>Lets one reload run at a time; a request that arrives meanwhile makes the running one go once more.</summary>
internal sealed class ReloadGate
{
    private bool _running;
    private bool _again;

    /// <summary>True when the caller should run now; false when a running reload will run again for it.</summary>
    public bool TryEnter()
    {
        if (_running)
        {
            _again = true;
            return false;
        }
        _running = true;
        return true;
    }

    /// <summary>True when another run was asked for while this one ran; false when the gate is free again.</summary>
    public bool ExitOrRunAgain()
    {
        if (_again)
        {
            _again = false;
            return true;
        }
        _running = false;
        return false;
    }
}
