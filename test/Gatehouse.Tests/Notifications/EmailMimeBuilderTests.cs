using Gatehouse.Notifications;
using MimeKit;
using Xunit;

namespace Gatehouse.Tests.Notifications;

public sealed class EmailMimeBuilderTests
{
    private static readonly MailboxAddress From = new("Gatehouse", "noreply@gatehouse.test");
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    private static EmailMessage Mail(string messageId = "otp.1@gatehouse.test", string to = "ada@example.com") =>
        new(messageId, to, "Subject", "text", "<p>html</p>");

    [Fact]
    public void A_built_message_is_not_kept_alive_by_the_senders_from_address()
    {
        var from = new MailboxAddress("Gatehouse", "noreply@gatehouse.test");
        var built = BuildAndForget(from);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(built.TryGetTarget(out _));
        Assert.Equal("noreply@gatehouse.test", from.Address);
    }

    // Not inlined, so no local of the test method keeps the message alive.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference<MimeMessage> BuildAndForget(MailboxAddress from)
    {
        var mime = EmailMimeBuilder.Build(Mail(), from, Now);
        Assert.Equal("noreply@gatehouse.test", mime.From.Mailboxes.Single().Address);
        return new WeakReference<MimeMessage>(mime);
    }

    [Theory]
    [InlineData("otp.1@gatehouse.test", "<otp.1@gatehouse.test>")]
    [InlineData("<otp.1@gatehouse.test>", "<otp.1@gatehouse.test>")]
    [InlineData("otp-email.7f3a.12", "<otp-email.7f3a.12@gatehouse.test>")]
    public void The_message_id_header_is_a_bracketed_msg_id_with_the_from_domain_when_no_host_is_given(string messageId, string header)
    {
        var mime = EmailMimeBuilder.Build(Mail(messageId), From, Now);

        Assert.Equal(header, mime.Headers[HeaderId.MessageId]);
    }

    [Theory]
    [InlineData("two words@host")]
    [InlineData("a..b@host")]
    [InlineData("left@")]
    [InlineData("")]
    public void A_message_id_that_is_not_a_valid_msg_id_is_refused_rather_than_silently_altered(string messageId)
    {
        Assert.Throws<ArgumentException>(() => EmailMimeBuilder.Build(Mail(messageId), From, Now));
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("ada")]
    [InlineData("Ada <ada@example.com>")]
    [InlineData("ada@example.com, eve@example.com")]
    public void A_recipient_that_is_not_one_bare_address_is_a_permanent_failure(string to)
    {
        var failure = Assert.Throws<EmailDeliveryException>(() => EmailMimeBuilder.Build(Mail(to: to), From, Now));

        Assert.True(failure.IsPermanent);
    }

    [Fact]
    public void The_message_is_marked_auto_generated_so_auto_responders_stay_quiet()
    {
        var mime = EmailMimeBuilder.Build(Mail(), From, Now);

        Assert.Equal("auto-generated", mime.Headers["Auto-Submitted"]);
    }
}
