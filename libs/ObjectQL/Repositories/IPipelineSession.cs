using ObjectQL.Drivers;

namespace ObjectQL;

/// <summary>
/// A session of the local pipeline as hooks (<see cref="HookContext.Session"/>) and before-commit handlers
/// (<see cref="BeforeCommitContext.Session"/>) see it: repositories in one context, inside the caller's transaction when
/// there is one. <see cref="ObjectQLSession"/> implements it.
/// </summary>
public interface IPipelineSession : IObjectQLSession
{
    /// <summary>Who the session acts as.</summary>
    ObjectQLContext Context { get; }

    /// <summary>What the session's writes carry out (<see cref="ChangeEvent.Origin"/>), or null.</summary>
    WriteOrigin? Origin { get; }

    /// <summary>The driver transaction the session runs in, or null outside one.</summary>
    IDriverTransaction? Transaction { get; }

    /// <summary>The same session in the system context (bypasses permissions), in the same transaction.</summary>
    IPipelineSession AsSystem();
}
