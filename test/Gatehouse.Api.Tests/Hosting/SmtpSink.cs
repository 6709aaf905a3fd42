using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Gatehouse.Api.Tests.Hosting;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a chosen port, keeping every message it accepts.
/// Started and stopped by tests to play an SMTP outage.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> received;
    private readonly CancellationTokenSource stopping = new();
    private readonly SmtpServer.SmtpServer server;
    private readonly Task running;

    private SmtpSink(int port, ConcurrentQueue<MimeMessage> received)
    {
        Port = port;
        this.received = received;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).SessionTimeout(TimeSpan.FromSeconds(10)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(received));
        server = new SmtpServer.SmtpServer(options, services);
        running = server.StartAsync(stopping.Token);
    }

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Received => received;

    /// <summary>Starts a sink; pass the messages of an earlier sink to keep counting across an outage.</summary>
    public static async Task<SmtpSink> StartAsync(int port, SmtpSink? previous = null)
    {
        var sink = new SmtpSink(port, previous?.received ?? new ConcurrentQueue<MimeMessage>());
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return sink;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"The SMTP sink did not start on port {port}.", sink.running.Exception);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits for a message to an address, or fails after the timeout.</summary>
    public async Task<MimeMessage> WaitForAsync(string recipient, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            var match = received.FirstOrDefault(m => m.To.Mailboxes.Any(to => to.Address.Equals(recipient, StringComparison.OrdinalIgnoreCase)));
            if (match is not null)
            {
                return match;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No mail to {recipient} arrived.");
    }

    public int CountTo(string recipient) =>
        received.Count(m => m.To.Mailboxes.Any(to => to.Address.Equals(recipient, StringComparison.OrdinalIgnoreCase)));

    public async ValueTask DisposeAsync()
    {
        server.Shutdown();
        await stopping.CancelAsync();
        await Task.WhenAny(server.ShutdownTask, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        stopping.Dispose();
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> received) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            received.Enqueue(MimeMessage.Load(stream, cancellationToken));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
