namespace ObjectQL.AspNetCore.Hosting;

/// <summary>How <c>AddObjectQL(...).AddDriverLogging()</c> logs the calls the pipeline makes to the driver.</summary>
public sealed class ObjectQLLoggingOptions
{
    /// <summary>
    /// When true, filter operands and record ids appear in the log. False by default: every value is written as
    /// <c>?</c>, so personal data and secrets in queries stay out of logs unless you switch this on (in development).
    /// </summary>
    public bool IncludeValues { get; set; }
}
