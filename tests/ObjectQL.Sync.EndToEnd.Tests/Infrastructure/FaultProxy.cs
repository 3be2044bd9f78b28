using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ObjectQL.Sync.EndToEnd.Tests.Infrastructure;

/// <summary>What the proxy does to one connection (one request: the devices send <c>Connection: close</c>).</summary>
public enum Fault
{
    /// <summary>Relays both ways untouched.</summary>
    None,
    /// <summary>Resets the device's connection at once; the server sees nothing.</summary>
    Reset,
    /// <summary>Forwards the request head and half its body, then resets both sides: the server reads a truncated body.</summary>
    CutRequestMidBody,
    /// <summary>Forwards the whole request, waits for the server's answer to begin (it has committed), then resets the device's connection without it.</summary>
    DropResponse,
    /// <summary>Holds the answer for <see cref="FaultProxy.Delay"/> before relaying it.</summary>
    Delay,
    /// <summary>Relays the answer a few bytes at a time.</summary>
    Trickle,
}

/// <summary>
/// A TCP relay on 127.0.0.1 between devices and a sync server that injects network faults, one per connection from a
/// queue (then <see cref="Fault.None"/>), or resets everything while <see cref="Down"/>. The upstream can be switched
/// (a restarted server, another database) without the devices noticing.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<Fault> _faults = new();
    private readonly ConcurrentDictionary<Fault, int> _injected = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private volatile Uri _upstream;

    public FaultProxy(Uri upstream)
    {
        _upstream = upstream;
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>Where devices connect.</summary>
    public Uri Address { get; }

    /// <summary>The server behind the proxy.</summary>
    public Uri Upstream { get => _upstream; set => _upstream = value; }

    /// <summary>While true, every connection is reset: the server is unreachable.</summary>
    public bool Down { get; set; }

    /// <summary>How long <see cref="Fault.Delay"/> holds an answer.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Queues faults for the next connections, in order.</summary>
    public void Inject(params Fault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>Faults still queued.</summary>
    public int Queued => _faults.Count;

    /// <summary>How many connections got <paramref name="fault"/>.</summary>
    public int Injected(Fault fault) => _injected.GetValueOrDefault(fault);

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient device;
            try
            {
                device = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            _ = RelayAsync(device);
        }
    }

    private async Task RelayAsync(TcpClient device)
    {
        var fault = Down ? Fault.Reset : _faults.TryDequeue(out var next) ? next : Fault.None;
        _injected.AddOrUpdate(fault, 1, (_, n) => n + 1);
        using var server = new TcpClient();
        try
        {
            if (fault == Fault.Reset)
            {
                Abort(device);
                return;
            }
            await server.ConnectAsync(Upstream.Host, Upstream.Port, _stopping.Token);
            var toServer = device.GetStream();
            var fromServer = server.GetStream();
            switch (fault)
            {
                case Fault.CutRequestMidBody:
                    var (head, bodyLength, bodyStart) = await ReadHeadAsync(toServer);
                    await fromServer.WriteAsync(head.AsMemory(0, bodyStart + Math.Min(head.Length - bodyStart, bodyLength / 2)), _stopping.Token);
                    Abort(server);
                    Abort(device);
                    return;
                case Fault.DropResponse:
                    var request = await ReadRequestAsync(toServer);
                    await fromServer.WriteAsync(request, _stopping.Token);
                    var first = new byte[1];
                    await fromServer.ReadAtLeastAsync(first, 1, throwOnEndOfStream: false, _stopping.Token);
                    Abort(device);
                    return;
                default:
                    var upstream = toServer.CopyToAsync(fromServer, _stopping.Token);
                    if (fault == Fault.Delay)
                    {
                        await Task.Delay(Delay, _stopping.Token);
                    }
                    await RelayAnswerAsync(fromServer, toServer, trickle: fault == Fault.Trickle);
                    device.Close();
                    await upstream.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    return;
            }
        }
        catch (Exception) when (fault != Fault.None || _stopping.IsCancellationRequested)
        {
            // A fault (or the proxy stopping) ends the connection; the device sees a network error.
        }
        catch (IOException)
        {
            // The device or the server went away mid-relay: what the engine's retry is for.
        }
        catch (SocketException)
        {
        }
        finally
        {
            device.Dispose();
        }
    }

    private async Task RelayAnswerAsync(NetworkStream from, NetworkStream to, bool trickle)
    {
        var buffer = new byte[trickle ? 64 : 16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stopping.Token)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
            if (trickle)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1), _stopping.Token);
            }
        }
    }

    // The request head up to and including its blank line plus whatever body bytes came with it, and the body's length.
    private async Task<(byte[] Bytes, int BodyLength, int BodyStart)> ReadHeadAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, _stopping.Token);
            if (read == 0)
            {
                throw new IOException("The device closed the connection inside the request head.");
            }
            bytes.AddRange(buffer.AsSpan(0, read));
            var text = Encoding.ASCII.GetString([.. bytes]);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var length = text[..end].Split("\r\n").Select(line => line.Split(':', 2))
                    .Where(parts => parts.Length == 2 && parts[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    .Select(parts => int.Parse(parts[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).Single();
                return ([.. bytes], length, end + 4);
            }
        }
    }

    private async Task<byte[]> ReadRequestAsync(NetworkStream stream)
    {
        var (head, bodyLength, bodyStart) = await ReadHeadAsync(stream);
        var request = new byte[bodyStart + bodyLength];
        head.AsSpan(0, Math.Min(head.Length, request.Length)).CopyTo(request);
        await stream.ReadExactlyAsync(request.AsMemory(head.Length), _stopping.Token);
        return request;
    }

    private static void Abort(TcpClient client)
    {
        client.LingerState = new LingerOption(true, 0);
        client.Close();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }
}
