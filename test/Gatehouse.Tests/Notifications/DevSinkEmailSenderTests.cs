using Gatehouse.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Xunit;

namespace Gatehouse.Tests.Notifications;

public sealed class DevSinkEmailSenderTests : IDisposable
{
    private const string Code = "771204";

    private readonly string dataPath = Directory.CreateTempSubdirectory("gatehouse-devsink-").FullName;
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero));
    private readonly RecordingLogger<DevSinkEmailSender> logger = new();
    private readonly DevSinkEmailSender sender;

    public DevSinkEmailSenderTests()
    {
        sender = new DevSinkEmailSender(dataPath, new MailboxAddress("Gatehouse", "noreply@gatehouse.test"), time, logger);
    }

    public void Dispose() => Directory.Delete(dataPath, recursive: true);

    private static EmailMessage OtpMail(string messageId = "otp-email.0f3c2a.7@gatehouse.test") => new(
        messageId,
        "ada@example.com",
        "Verify One-Time Password",
        $"Your code is {Code}.",
        $"<p>Your code is <b>{Code}</b>.</p>",
        "Ada Lovelace");

    private string[] MailFiles() => Directory.GetFiles(Path.Combine(dataPath, "mail"));

    [Fact]
    public async Task A_message_is_written_under_the_mail_folder_as_an_eml_file_that_MimeKit_reads_back()
    {
        await sender.SendAsync(OtpMail(), TestContext.Current.CancellationToken);

        var file = Assert.Single(MailFiles());
        Assert.Equal("20250314T092653589-otp-email.0f3c2a.7@gatehouse.test.eml", Path.GetFileName(file));
        var message = await MimeMessage.LoadAsync(file, TestContext.Current.CancellationToken);
        Assert.Equal("otp-email.0f3c2a.7@gatehouse.test", message.MessageId);
        Assert.Equal("ada@example.com", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("noreply@gatehouse.test", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal("Verify One-Time Password", message.Subject);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero), message.Date); // the Date header has whole seconds
        Assert.Equal($"Your code is {Code}.", message.TextBody?.TrimEnd());
        Assert.Equal($"<p>Your code is <b>{Code}</b>.</p>", message.HtmlBody?.TrimEnd());
    }

    [Fact]
    public async Task Sending_the_same_message_id_again_overwrites_its_file()
    {
        await sender.SendAsync(OtpMail(), TestContext.Current.CancellationToken);
        var first = Assert.Single(MailFiles());
        time.Advance(TimeSpan.FromMinutes(1));

        await sender.SendAsync(OtpMail() with { Subject = "Second attempt" }, TestContext.Current.CancellationToken);

        Assert.Equal(first, Assert.Single(MailFiles()));
        var message = await MimeMessage.LoadAsync(first, TestContext.Current.CancellationToken);
        Assert.Equal("Second attempt", message.Subject);
    }

    [Fact]
    public async Task Different_message_ids_get_files_that_sort_in_sending_order()
    {
        await sender.SendAsync(OtpMail("b-first@gatehouse.test"), TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await sender.SendAsync(OtpMail("a-second@gatehouse.test"), TestContext.Current.CancellationToken);

        var names = MailFiles().Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["20250314T092653589-b-first@gatehouse.test.eml", "20250314T092653590-a-second@gatehouse.test.eml"], names);
    }

    [Fact]
    public async Task Characters_unsafe_in_file_names_are_replaced_without_two_message_ids_sharing_a_file()
    {
        await sender.SendAsync(OtpMail("x/y?z*@gatehouse.test"), TestContext.Current.CancellationToken);
        await sender.SendAsync(OtpMail("x_y_z_@gatehouse.test"), TestContext.Current.CancellationToken);

        var files = MailFiles();
        Assert.Equal(2, files.Length);
        Assert.All(files, file => Assert.Equal(Path.Combine(dataPath, "mail"), Path.GetDirectoryName(file)));
        Assert.Equal([Path.Combine(dataPath, "mail")], Directory.GetFileSystemEntries(dataPath));
    }

    [Fact]
    public async Task No_temporary_file_is_left_behind()
    {
        await sender.SendAsync(OtpMail(), TestContext.Current.CancellationToken);
        await sender.SendAsync(OtpMail(), TestContext.Current.CancellationToken);

        Assert.All(MailFiles(), file => Assert.EndsWith(".eml", file, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_full_path_is_logged_at_information_level_but_the_body_is_not()
    {
        await sender.SendAsync(OtpMail(), TestContext.Current.CancellationToken);

        var file = Assert.Single(MailFiles());
        Assert.Contains(logger.Entries, entry => entry.Level == LogLevel.Information && entry.Text.Contains(Path.GetFullPath(file), StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, entry => entry.Text.Contains(Code, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_mail_folder_that_cannot_be_created_is_a_transient_failure()
    {
        var blocked = new DevSinkEmailSender(Path.Combine(dataPath, "a-file"), new MailboxAddress(null, "noreply@gatehouse.test"), time, logger);
        await File.WriteAllTextAsync(Path.Combine(dataPath, "a-file"), "not a folder", TestContext.Current.CancellationToken);

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() => blocked.SendAsync(OtpMail(), TestContext.Current.CancellationToken));

        Assert.False(failure.IsPermanent);
    }
}
