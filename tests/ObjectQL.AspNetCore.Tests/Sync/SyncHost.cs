using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>
/// The test sync server on a real Kestrel (127.0.0.1, a free port) over a real SQLite file, with a client that speaks
/// to it and a count of the request body bytes the server read.
/// </summary>
internal sealed class SyncHost : IAsyncDisposable
{
    private readonly string _directory;
    private long _bodyBytesRead;

    private SyncHost(string directory, WebApplication app)
    {
        _directory = directory;
        App = app;
        Client = new HttpClient { BaseAddress = SyncTestApp.Address(app) };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public ObjectQLDatabase Database => App.Services.GetRequiredService<ObjectQLDatabase>();

    /// <summary>The rows of <paramref name="objectName"/>, system objects included.</summary>
    public Task<long> CountAsync(string objectName) => Database.System.Object(objectName).CountAsync();

    /// <summary>The request body bytes the server has read, over every request so far.</summary>
    public long BodyBytesRead => Interlocked.Read(ref _bodyBytesRead);

    public static async Task<SyncHost> StartAsync(SyncTestAppOptions? options = null)
    {
        var directory = Directory.CreateTempSubdirectory("objectql-sync-http-").FullName;
        SyncHost? host = null;
        options ??= new SyncTestAppOptions();
        var configurePipeline = options.ConfigurePipeline;
        var app = SyncTestApp.Build(options with
        {
            SqlitePath = options.PostgresConnectionString is null ? Path.Combine(directory, "server.db") : null,
            ConfigurePipeline = app =>
            {
                app.Use((context, next) =>
                {
                    context.Request.Body = new CountingStream(context.Request.Body, read => Interlocked.Add(ref host!._bodyBytesRead, read));
                    return next(context);
                });
                configurePipeline?.Invoke(app);
            },
        });
        await app.StartAsync();
        host = new SyncHost(directory, app);
        return host;
    }

    /// <summary>Posts <paramref name="content"/> to the sync endpoint as <paramref name="user"/> (none: no principal).</summary>
    public Task<HttpResponseMessage> PostAsync(HttpContent content, string? user = "alice", string? version = "1", string roles = "member")
    {
        var message = new HttpRequestMessage(HttpMethod.Post, SyncProtocol.DefaultPath) { Content = content };
        if (user is not null)
        {
            message.Headers.Add(HeaderAuthentication.UserHeader, user);
            message.Headers.Add(HeaderAuthentication.RolesHeader, roles);
        }
        if (version is not null)
        {
            message.Headers.TryAddWithoutValidation(SyncProtocol.VersionHeader, version);
        }
        return Client.SendAsync(message);
    }

    public Task<HttpResponseMessage> PostAsync(byte[] body, string? user = "alice", string? version = "1", string roles = "member") =>
        PostAsync(Json(body), user, version, roles);

    public static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class CountingStream(Stream inner, Action<int> onRead) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            onRead(read);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The server reads asynchronously.");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
