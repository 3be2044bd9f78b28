using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using ObjectQL.Sync.Server.Handling;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>The per-principal policy of <c>AddObjectQLSyncPolicy</c> through ASP.NET Core's rate limiter, on a real Kestrel.</summary>
public sealed class SyncRateLimitingTests
{
    [Test]
    public async Task A_principal_over_its_limit_gets_429_with_Retry_After_while_others_are_served()
    {
        var handler = new StubSyncHandler((request, _) => StubSyncHandler.Applied(request));
        await using var host = await SyncHost.StartAsync(new SyncTestAppOptions
        {
            // Two requests, then one token an hour: the third request of a principal within the test is refused.
            RateLimit = new TokenBucketRateLimiterOptions { TokenLimit = 2, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromHours(1), QueueLimit = 0 },
            ConfigureServices = services => services.AddSingleton<ISyncRequestHandler>(handler),
        });

        for (var i = 0; i < 2; i++)
        {
            using var served = await host.PostAsync(SyncRequests.PushOfCreates(1), user: "alice");
            Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        using var refused = await host.PostAsync(SyncRequests.PushOfCreates(1), user: "alice");
        using var other = await host.PostAsync(SyncRequests.PushOfCreates(1), user: "bob");

        var error = await SyncEndpointRefusalTests.ReadErrorAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.That(error.Error.Code, Is.EqualTo(ErrorCodes.RateLimitExceeded));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromHours(1)));
        Assert.That(error.Error.Message, Does.Contain($"{refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds} s"));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another principal has its own bucket");
        Assert.That(handler.Calls, Is.EqualTo(3), "the refused request never reached the handler");
    }
}
