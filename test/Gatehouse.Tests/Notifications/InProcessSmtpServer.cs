using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using Xunit;

namespace Gatehouse.Tests.Notifications;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a port the OS picks, recording every login and
/// message. Recipients whose local part starts with "reject" are refused with <see cref="RejectReply"/>.
/// </summary>
internal sealed class InProcessSmtpServer : IAsyncDisposable
{
    public const string User = "mailer";
    public const string Password = "s3cret";

    private readonly ConcurrentQueue<ReceivedMail> received = new();
    private readonly ConcurrentQueue<(string User, string Password)> logins = new();
    private readonly TaskCompletionSource<int> started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private readonly SmtpServer.SmtpServer server;
    private readonly X509Certificate2? certificate;

    private InProcessSmtpServer(SmtpResponse rejectReply, X509Certificate2? certificate)
    {
        RejectReply = rejectReply;
        this.certificate = certificate;

        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint =>
            {
                endpoint
                    .Endpoint(new IPEndPoint(IPAddress.Loopback, 0))
                    // The server offers AUTH only over TLS by default; these tests talk plain SMTP.
                    .AllowUnsecureAuthentication(true)
                    .AuthenticationRequired(false)
                    .SessionTimeout(TimeSpan.FromSeconds(10));
                if (certificate is not null)
                {
                    // With a certificate the server advertises STARTTLS.
                    endpoint.Certificate(certificate);
                }
            })
            .Build();

        // Port 0 lets the OS pick a free port; the listener reports which one.
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);

        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(received));
        services.Add(new RecipientFilter(rejectReply));
        services.Add(new DelegatingUserAuthenticator((user, password) =>
        {
            logins.Enqueue((user, password));
            return user == User && password == Password;
        }));

        server = new SmtpServer.SmtpServer(options, services);
    }

    public int Port { get; private set; }

    public SmtpResponse RejectReply { get; }

    public IReadOnlyCollection<ReceivedMail> Received => received;

    public IReadOnlyCollection<(string User, string Password)> Logins => logins;

    /// <param name="offerStartTls">Advertise STARTTLS with a self-signed certificate that no client trusts.</param>
    public static async Task<InProcessSmtpServer> StartAsync(SmtpResponse? rejectReply = null, bool offerStartTls = false)
    {
        var smtp = new InProcessSmtpServer(rejectReply ?? SmtpResponse.MailboxUnavailable, offerStartTls ? SelfSignedCertificate() : null);
        var running = smtp.server.StartAsync(smtp.stopping.Token);
        var first = await Task.WhenAny(smtp.started.Task, running, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        if (first != smtp.started.Task)
        {
            await smtp.DisposeAsync();
            throw new InvalidOperationException("The in-process SMTP server did not start.", running.Exception);
        }

        smtp.Port = await smtp.started.Task;
        return smtp;
    }

    public async ValueTask DisposeAsync()
    {
        server.Shutdown();
        await stopping.CancelAsync();
        await Task.WhenAny(server.ShutdownTask, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        stopping.Dispose();
        certificate?.Dispose();
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
    }

    private sealed class Store(ConcurrentQueue<ReceivedMail> received) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var user = context.Authentication.IsAuthenticated ? context.Authentication.User : null;
            received.Enqueue(new ReceivedMail(
                transaction.From.AsAddress(),
                [.. transaction.To.Select(to => to.AsAddress())],
                user,
                context.Pipe.IsSecure,
                MimeMessage.Load(stream, cancellationToken)));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private sealed class RecipientFilter(SmtpResponse rejectReply) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            to.User.StartsWith("reject", StringComparison.Ordinal)
                ? throw new SmtpResponseException(rejectReply)
                : Task.FromResult(true);
    }
}
