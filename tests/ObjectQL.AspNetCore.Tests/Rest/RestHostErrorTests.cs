using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using ObjectQL.AspNetCore.Rest;

namespace ObjectQL.AspNetCore.Tests.Rest;

/// <summary>Answers the host and the server give: the rate limiter's 429, and a 500 that reveals nothing.</summary>
public sealed class RestHostErrorTests
{
    [Test]
    public async Task The_group_takes_RequireRateLimiting_and_the_rejection_is_429_with_the_error_body()
    {
        await using var server = await RestServer.StartAsync(
            services: builder => builder.Services.AddRateLimiter(limiter =>
            {
                limiter.AddFixedWindowLimiter("one", window =>
                {
                    window.PermitLimit = 1;
                    window.Window = TimeSpan.FromHours(1);
                    window.QueueLimit = 0;
                });
                limiter.OnRejected = ObjectQLHttpErrors.OnRateLimited;
            }),
            map: app =>
            {
                app.UseRateLimiter();
                app.MapObjectQL().RequireRateLimiting("one");
            });

        var first = await server.GetAsync("/api/data/item");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/data/item");
        request.Headers.Authorization = new("Test", "u1 admin");
        using var second = await server.Client.SendAsync(request);
        var body = System.Text.Json.JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;

        Assert.That(first.Status, Is.EqualTo(HttpStatusCode.OK), first.Text);
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(body.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("RATE_LIMIT_EXCEEDED"));
        Assert.That(second.Headers.RetryAfter?.Delta, Is.Not.Null);
        Assert.That(body.GetProperty("error").GetProperty("retry_after").GetInt64(), Is.EqualTo((long)second.Headers.RetryAfter!.Delta!.Value.TotalSeconds));
    }

    [Test]
    public async Task A_failure_that_is_not_the_callers_is_500_without_its_message_and_logged_with_the_trace_id()
    {
        await using var server = await RestServer.StartAsync();
        server.Database.Hooks.Before(HookOperation.Create, "item", (_, _) => throw new InvalidOperationException("connection string Password=hunter2"));

        var answer = await server.PostAsync("/api/data/item", """{"title":"x"}""");

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(answer.ErrorCode, Is.EqualTo("INTERNAL_ERROR"));
        Assert.That(answer.Text, Does.Not.Contain("hunter2").And.Not.Contain("   at ").And.Not.Contain("InvalidOperationException"));
        var traceId = answer.Error.GetProperty("traceId").GetString()!;
        Assert.That(answer.Error.GetProperty("message").GetString(), Does.Contain(traceId));
        Assert.That(server.Log.Entries.Any(entry => entry.Contains(traceId, StringComparison.Ordinal) && entry.Contains("hunter2", StringComparison.Ordinal)), Is.True,
            "the cause is in the server's log under the trace id");
        Assert.That(await server.Database.Object("item").CountAsync(), Is.Zero);
    }

    [Test]
    public async Task A_database_error_is_500_with_its_code_but_not_its_message()
    {
        await using var server = await RestServer.StartAsync();
        server.Database.Hooks.Before(HookOperation.Find, "item", (_, _) =>
            throw new ObjectQLException(ErrorCodes.DatabaseError, "SQLite Error 1: no such column: internal_col in SELECT ..."));

        var answer = await server.GetAsync("/api/data/item");

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(answer.ErrorCode, Is.EqualTo("DATABASE_ERROR"));
        Assert.That(answer.Text, Does.Not.Contain("internal_col"));
        Assert.That(server.Log.Entries.Any(entry => entry.Contains("internal_col", StringComparison.Ordinal)), Is.True);
    }
}
