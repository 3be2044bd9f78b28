namespace ObjectQL.AspNetCore.Hosting;

/// <summary>The steps that build the hosted database, collected from every <c>ConfigureDatabase</c> call.</summary>
public sealed class ObjectQLHostOptions
{
    /// <summary>The setup steps, in the order they were added.</summary>
    public IList<Action<IServiceProvider, ObjectQLDatabaseBuilder>> DatabaseSetup { get; } = [];
}
