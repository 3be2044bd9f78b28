using ObjectQL.Drivers;

namespace ObjectQL.Testing;

/// <summary>
/// A driver that hands every call, optional capabilities included, to a real one underneath: the base for test
/// decorators that count calls. A test that wants the pipeline to see a capability missing overrides
/// <see cref="DelegatingDriver.GetCapability{TCapability}"/>.
/// </summary>
public abstract class PassThroughDriver(IObjectQLDriver inner) : DelegatingDriver(inner);
