using System.Net;
using System.Net.Sockets;

namespace Gatehouse.Api.Tests.Hosting;

/// <summary>
/// A loopback TCP relay to a real server (PostgreSQL), which a test can cut and restore: the network between Gatehouse
/// and its database going away and coming back, without touching the database itself.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint target;
    private readonly List<TcpClient> open = [];
    private TcpListener? listener;
    private Task accepting = Task.CompletedTask;

    public TcpProxy(IPEndPoint target)
    {
        this.target = target;
        Port = GatehouseProcess.FreePort();
        Restore();
    }

    public int Port { get; }

    /// <summary>Holds every chunk this long before passing it on: a database that is there but slow.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Refuses new connections and resets every open one.</summary>
    public async Task CutAsync()
    {
        listener?.Stop();
        await accepting;
        listener = null;
        lock (open)
        {
            foreach (var client in open)
            {
                // Linger 0: a reset, as when the network drops, rather than an orderly close.
                if (client.Client is { Connected: true } socket)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }

                client.Dispose();
            }

            open.Clear();
        }
    }

    public void Restore()
    {
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Start();
        var current = listener;
        accepting = Task.Run(() => AcceptAsync(current));
    }

    public async ValueTask DisposeAsync() => await CutAsync();

    private async Task AcceptAsync(TcpListener current)
    {
        while (true)
        {
            TcpClient inbound;
            try
            {
                inbound = await current.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(target);
            }
            catch (SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            lock (open)
            {
                open.Add(inbound);
                open.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound, this);
            _ = PumpAsync(outbound, inbound, this);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, TcpProxy proxy)
    {
        try
        {
            var buffer = new byte[16 * 1024];
            var source = from.GetStream();
            var destination = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                if (proxy.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(proxy.Delay);
                }

                await destination.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
