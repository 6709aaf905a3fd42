using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Gatehouse.Api.Tests.Hosting;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a free port that Gatehouse nodes send to, recording
/// every accepted message. Started held, it keeps every client waiting at RCPT TO — mid-delivery, before the message
/// is accepted — until <see cref="Release"/>, so a test can catch a node in the act.
/// </summary>
public sealed class HoldingSmtpSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> received = new();
    private readonly TaskCompletionSource<int> started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private readonly SmtpServer.SmtpServer server;

    private HoldingSmtpSink(bool hold)
    {
        if (!hold)
        {
            released.SetResult();
        }

        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint
                .Endpoint(new IPEndPoint(IPAddress.Loopback, 0))
                .AuthenticationRequired(false)
                .SessionTimeout(TimeSpan.FromSeconds(60)))
            .Build();

        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(received));
        services.Add(new HoldingFilter(this));
        server = new SmtpServer.SmtpServer(options, services);
    }

    public int Port { get; private set; }

    public IReadOnlyCollection<MimeMessage> Received => received;

    /// <summary>Completes when a client first waits at RCPT TO of a held sink.</summary>
    public Task Held => held.Task;

    public static async Task<HoldingSmtpSink> StartAsync(bool hold = false)
    {
        var sink = new HoldingSmtpSink(hold);
        var running = sink.server.StartAsync(sink.stopping.Token);
        var first = await Task.WhenAny(sink.started.Task, running, Task.Delay(TimeSpan.FromSeconds(10)));
        if (first != sink.started.Task)
        {
            await sink.DisposeAsync();
            throw new InvalidOperationException("The SMTP sink did not start.", running.Exception);
        }

        sink.Port = await sink.started.Task;
        return sink;
    }

    /// <summary>Lets waiting and later clients go on.</summary>
    public void Release() => released.TrySetResult();

    /// <summary>What a node needs to send here.</summary>
    public Dictionary<string, string> NodeEnvironment() => new()
    {
        ["Smtp__Host"] = "127.0.0.1",
        ["Smtp__Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp__Security"] = "none",
        ["Smtp__From"] = "Gatehouse <noreply@acme.test>",
    };

    public async ValueTask DisposeAsync()
    {
        Release();
        server.Shutdown();
        await stopping.CancelAsync();
        await Task.WhenAny(server.ShutdownTask, Task.Delay(TimeSpan.FromSeconds(5)));
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

    private sealed class HoldingFilter(HoldingSmtpSink sink) : MailboxFilter
    {
        public override async Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            if (!sink.released.Task.IsCompleted)
            {
                sink.held.TrySetResult();
                await sink.released.Task.WaitAsync(cancellationToken);
            }

            return true;
        }
    }
}
