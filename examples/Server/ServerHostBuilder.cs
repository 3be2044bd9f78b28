using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Server;

/// <summary>
/// The server's host, built from <see cref="WebApplication.CreateEmptyBuilder"/> with only what it serves (the NativeAOT
/// start-up pays for every service it builds and the binary carries every one it could): Kestrel without HTTPS
/// configuration, routing, the console log, and configuration from <c>appsettings.json</c>,
/// <c>appsettings.{Environment}.json</c> (from the content root), environment variables and the command line, read once and in that order (a later
/// source wins). The environment comes from <c>ASPNETCORE_ENVIRONMENT</c> (or <c>DOTNET_ENVIRONMENT</c>), overridden by
/// <c>--environment</c>. Not included, unlike <c>CreateSlimBuilder</c>: user secrets, the <c>Kestrel</c> configuration
/// section (endpoints come from <c>--urls</c> or <c>ASPNETCORE_URLS</c>) and the watching of configuration files.
/// </summary>
internal static class ServerHostBuilder
{
    public static WebApplicationBuilder Create(string[] args)
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT");
        // The empty builder reads only the command line before it settles the environment; the variable goes first, so
        // an --environment given by the caller still wins.
        string[] hostArgs = environment is null ? args : ["--environment", environment, .. args];
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = hostArgs });
        builder.Configuration
            .AddSettingsFile(builder.Environment.ContentRootPath, "appsettings.json")
            .AddSettingsFile(builder.Environment.ContentRootPath, $"appsettings.{builder.Environment.EnvironmentName}.json")
            .AddEnvironmentVariables()
            .AddEnvironmentVariables("ASPNETCORE_")
            // Again last, so the command line wins over the files and variables added after the builder read it.
            .AddCommandLine(hostArgs);
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, ServerConsoleLoggerProvider>());
        return builder;
    }

    /// <summary>
    /// Reads an optional JSON settings file once, as a stream. <c>AddJsonFile</c> reads the same way with
    /// <c>reloadOnChange: false</c>, but its provider can watch files, so the binary would carry the file watcher and its
    /// glob matcher (about 80 KB) for a feature the server never turns on.
    /// </summary>
    private static IConfigurationBuilder AddSettingsFile(this IConfigurationBuilder configuration, string directory, string name)
    {
        var path = Path.Combine(directory, name);
        return File.Exists(path) ? configuration.AddJsonStream(new MemoryStream(File.ReadAllBytes(path))) : configuration;
    }

    /// <summary>
    /// Takes out the hosted service that <c>AddHealthChecks()</c> registers to push reports to publishers: the server has
    /// none (its checks run when <c>/health</c> is asked), so there is nothing to start with the host.
    /// </summary>
    public static IServiceCollection WithoutHealthCheckPublisher(this IServiceCollection services)
    {
        var publisher = services.SingleOrDefault(static s =>
            s.ServiceType == typeof(IHostedService) && s.ImplementationType?.Name == "HealthCheckPublisherHostedService");
        if (publisher is not null)
        {
            services.Remove(publisher);
        }
        return services;
    }
}
