namespace ObjectQL;

/// <summary>
/// The hooks of one database. Handlers for an operation and timing run one after another in registration order,
/// whether registered for the object's name or for <c>*</c> (every object).
/// </summary>
public sealed class HookRegistry
{
    /// <summary>The object name that registers a hook for every object.</summary>
    public const string AnyObject = "*";

    private readonly Lock _gate = new();
    private Registration[] _registrations = [];

    /// <summary>Registers <paramref name="handler"/>; dispose the result to remove it.</summary>
    public IDisposable On(HookTiming timing, HookOperation operation, string objectName, HookHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectName);
        ArgumentNullException.ThrowIfNull(handler);
        var registration = new Registration(timing, operation, objectName, handler);
        lock (_gate)
        {
            _registrations = [.. _registrations, registration];
        }
        return new Removal(this, registration);
    }

    /// <summary>Registers a before-hook; see <see cref="On"/>.</summary>
    public IDisposable Before(HookOperation operation, string objectName, HookHandler handler) =>
        On(HookTiming.Before, operation, objectName, handler);

    /// <summary>Registers an after-hook; see <see cref="On"/>.</summary>
    public IDisposable After(HookOperation operation, string objectName, HookHandler handler) =>
        On(HookTiming.After, operation, objectName, handler);

    internal bool Any(HookOperation operation, string objectName)
    {
        foreach (var registration in Volatile.Read(ref _registrations))
        {
            if (registration.Operation == operation && registration.Matches(objectName))
            {
                return true;
            }
        }
        return false;
    }

    internal bool Any(HookTiming timing, HookOperation operation, string objectName)
    {
        foreach (var registration in Volatile.Read(ref _registrations))
        {
            if (registration.Timing == timing && registration.Operation == operation && registration.Matches(objectName))
            {
                return true;
            }
        }
        return false;
    }

    internal async ValueTask RunAsync(HookTiming timing, HookContext context, CancellationToken cancellationToken)
    {
        context.Timing = timing;
        foreach (var registration in Volatile.Read(ref _registrations))
        {
            if (registration.Timing == timing && registration.Operation == context.Operation && registration.Matches(context.ObjectName))
            {
                await registration.Handler(context, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Remove(Registration registration)
    {
        lock (_gate)
        {
            _registrations = _registrations.Where(r => !ReferenceEquals(r, registration)).ToArray();
        }
    }

    private sealed record Registration(HookTiming Timing, HookOperation Operation, string ObjectName, HookHandler Handler)
    {
        public bool Matches(string objectName) => ObjectName == AnyObject || string.Equals(ObjectName, objectName, StringComparison.Ordinal);
    }

    private sealed class Removal(HookRegistry registry, Registration registration) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                registry.Remove(registration);
            }
        }
    }
}
