namespace ObjectQL;

/// <summary>
/// Where repositories come from: a database opened with a driver and a model, seen as one user (or the system).
/// Generated extension methods (<c>session.TodoItems()</c>) hang off this interface.
/// </summary>
public interface IObjectQLSession
{
    /// <summary>The untyped repository of object <paramref name="objectName"/>; throws <see cref="ErrorCodes.NotFound"/> for an unknown object.</summary>
    IObjectRepository Object(string objectName);
}
