using System.Net;
using System.Net.Sockets;
using Gatehouse.Notifications;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SmtpServer.Protocol;
using Xunit;

namespace Gatehouse.Tests.Notifications;

public sealed class SmtpEmailSenderTests
{
    private const int TestTimeout = 30_000;
    private const string Code = "493021";

    private static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    private readonly RecordingLogger<SmtpEmailSender> logger = new();

    private static EmailMessage OtpMail(string to = "ada@example.com") => new(
        MessageId: "otp-email.0f3c2a.7@gatehouse.test",
        To: to,
        Subject: "Verify One-Time Password",
        TextBody: $"Your code is {Code}.",
        HtmlBody: $"<p>Your code is <b>{Code}</b>.</p>",
        ToName: "Ada Lovelace");

    private SmtpEmailSender Sender(int port, string? user = null, string? password = null, int timeoutSeconds = 5, string security = "none") => new(
        new SmtpOptions
        {
            Host = "127.0.0.1",
            Port = port,
            From = "Gatehouse <noreply@gatehouse.test>",
            Security = security,
            User = user,
            Password = password,
            TimeoutSeconds = timeoutSeconds,
        },
        new FakeTimeProvider(Now),
        logger);

    [Fact(Timeout = TestTimeout)]
    public async Task A_sent_message_arrives_with_its_recipient_sender_subject_date_and_message_id()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await InProcessSmtpServer.StartAsync();

        await Sender(smtp.Port).SendAsync(OtpMail(), ct);

        var mail = Assert.Single(smtp.Received);
        Assert.Equal("noreply@gatehouse.test", mail.EnvelopeFrom);
        Assert.Equal(["ada@example.com"], mail.EnvelopeTo);
        var to = Assert.Single(mail.Message.To.Mailboxes);
        Assert.Equal(("Ada Lovelace", "ada@example.com"), (to.Name, to.Address));
        var from = Assert.Single(mail.Message.From.Mailboxes);
        Assert.Equal(("Gatehouse", "noreply@gatehouse.test"), (from.Name, from.Address));
        Assert.Equal("Verify One-Time Password", mail.Message.Subject);
        Assert.Equal("<otp-email.0f3c2a.7@gatehouse.test>", mail.Message.Headers[HeaderId.MessageId]);
        Assert.Equal(Now, mail.Message.Date);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_sent_message_is_multipart_alternative_with_the_text_part_before_the_html_part()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await InProcessSmtpServer.StartAsync();

        await Sender(smtp.Port).SendAsync(OtpMail(), ct);

        var body = Assert.IsType<MultipartAlternative>(Assert.Single(smtp.Received).Message.Body);
        Assert.Collection(
            body,
            part => Assert.Equal(("text/plain", $"Your code is {Code}."), (part.ContentType.MimeType, ((TextPart)part).Text.TrimEnd())),
            part => Assert.Equal(("text/html", $"<p>Your code is <b>{Code}</b>.</p>"), (part.ContentType.MimeType, ((TextPart)part).Text.TrimEnd())));
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Sending_the_same_message_twice_carries_the_same_message_id()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await InProcessSmtpServer.StartAsync();
        var sender = Sender(smtp.Port);

        await sender.SendAsync(OtpMail(), ct);
        await sender.SendAsync(OtpMail(), ct);

        Assert.Equal(2, smtp.Received.Count);
        Assert.Single(smtp.Received.Select(mail => mail.Message.MessageId).Distinct());
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Security_none_stays_on_plain_text_even_when_the_server_offers_STARTTLS()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await InProcessSmtpServer.StartAsync(offerStartTls: true);

        await Sender(smtp.Port, security: "none").SendAsync(OtpMail(), ct);

        Assert.False(Assert.Single(smtp.Received).OverTls);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Starttls_with_a_certificate_the_client_does_not_trust_is_a_transient_failure()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await InProcessSmtpServer.StartAsync(offerStartTls: true);

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() => Sender(smtp.Port, security: "starttls").SendAsync(OtpMail(), ct));

        Assert.False(failure.IsPermanent);
        Assert.IsType<SslHandshakeException>(failure.InnerException);
        Assert.Empty(smtp.Received);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Starttls_against_a_server_that_does_not_offer_it_is_a_transient_failure_not_a_plain_text_send()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await InProcessSmtpServer.StartAsync();

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() => Sender(smtp.Port, security: "starttls").SendAsync(OtpMail(), ct));

        Assert.False(failure.IsPermanent);
        Assert.IsType<NotSupportedException>(failure.InnerException);
        Assert.Empty(smtp.Received);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task The_configured_user_and_password_are_sent_with_AUTH()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await InProcessSmtpServer.StartAsync();

        await Sender(smtp.Port, InProcessSmtpServer.User, InProcessSmtpServer.Password).SendAsync(OtpMail(), ct);

        Assert.Equal([(InProcessSmtpServer.User, InProcessSmtpServer.Password)], smtp.Logins);
        Assert.Equal(InProcessSmtpServer.User, Assert.Single(smtp.Received).AuthenticatedUser);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task No_AUTH_is_attempted_without_a_configured_user_even_when_the_server_offers_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await InProcessSmtpServer.StartAsync();

        await Sender(smtp.Port).SendAsync(OtpMail(), ct);

        Assert.Empty(smtp.Logins);
        Assert.Null(Assert.Single(smtp.Received).AuthenticatedUser);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Wrong_credentials_are_a_transient_failure_because_they_are_not_the_message_fault()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await InProcessSmtpServer.StartAsync();

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(
            () => Sender(smtp.Port, InProcessSmtpServer.User, "wrong").SendAsync(OtpMail(), ct));

        Assert.False(failure.IsPermanent);
        Assert.Empty(smtp.Received);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_recipient_rejected_with_550_is_a_permanent_failure()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await InProcessSmtpServer.StartAsync(SmtpResponse.MailboxUnavailable);

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(
            () => Sender(smtp.Port).SendAsync(OtpMail("rejected@example.com"), ct));

        Assert.True(failure.IsPermanent);
        Assert.Contains("550", failure.Message, StringComparison.Ordinal);
        Assert.Empty(smtp.Received);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_recipient_rejected_with_a_4xx_reply_is_a_transient_failure()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await InProcessSmtpServer.StartAsync(new SmtpResponse(SmtpReplyCode.Unavailable, "mailbox busy, try later"));

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(
            () => Sender(smtp.Port).SendAsync(OtpMail("rejected@example.com"), ct));

        Assert.False(failure.IsPermanent);
        Assert.Contains("450", failure.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_closed_port_is_a_transient_failure()
    {
        var ct = TestContext.Current.CancellationToken;
        var closedPort = FreePort();

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() => Sender(closedPort).SendAsync(OtpMail(), ct));

        Assert.False(failure.IsPermanent);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_server_that_never_greets_is_a_transient_failure_after_the_timeout()
    {
        var ct = TestContext.Current.CancellationToken;
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() => Sender(port, timeoutSeconds: 1).SendAsync(OtpMail(), ct));

        Assert.False(failure.IsPermanent);
        Assert.IsType<TimeoutException>(failure.InnerException);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task The_caller_cancelling_is_a_cancellation_not_a_delivery_failure()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sender(port, timeoutSeconds: 10).SendAsync(OtpMail(), cancel.Token));
    }

    [Fact(Timeout = TestTimeout)]
    public async Task An_unparsable_recipient_is_a_permanent_failure_without_contacting_the_server()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await InProcessSmtpServer.StartAsync();

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() => Sender(smtp.Port).SendAsync(OtpMail("not an address"), ct));

        Assert.True(failure.IsPermanent);
        Assert.Empty(smtp.Received);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Logs_name_the_recipient_domain_and_message_id_but_never_the_body_or_the_full_address()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await InProcessSmtpServer.StartAsync();
        var sender = Sender(smtp.Port);

        await sender.SendAsync(OtpMail(), ct);
        await Assert.ThrowsAsync<EmailDeliveryException>(() => sender.SendAsync(OtpMail("rejected@example.com"), ct));

        Assert.Contains(logger.Entries, entry => entry.Level == LogLevel.Information
            && entry.Text.Contains("otp-email.0f3c2a.7@gatehouse.test", StringComparison.Ordinal)
            && entry.Text.Contains("example.com", StringComparison.Ordinal));
        Assert.Contains(logger.Entries, entry => entry.Level == LogLevel.Warning && entry.Text.Contains("permanently", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, entry => entry.Text.Contains(Code, StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, entry => entry.Text.Contains("ada@", StringComparison.Ordinal) || entry.Text.Contains("rejected@", StringComparison.Ordinal));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
