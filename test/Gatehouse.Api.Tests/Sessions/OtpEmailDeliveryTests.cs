using System.Net;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Sessions;

/// <summary>
/// Delivery that never loses a code: a real SMTP conversation through MailKit to an in-process SMTP server, an SMTP
/// outage, a restart between request and delivery, and a code that expires before SMTP comes back.
/// </summary>
public sealed class OtpEmailDeliveryTests
{
    private static Dictionary<string, string> SmtpSettings(int port, string? expiry = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp__Security"] = "none",
            ["Smtp__From"] = "Gatehouse <gatehouse@test.local>",
            ["Smtp__TimeoutSeconds"] = "5",
        };
        if (expiry is not null)
        {
            settings["Gatehouse__OtpEmail__Expiry"] = expiry;
        }

        return settings;
    }

    private static async Task<(TestUser User, string SessionId, SessionSteps Steps, ApiClients Clients)> RequestMailedCodeAsync(GatehouseProcess server)
    {
        var clients = new ApiClients(server.BaseAddress);
        var accounts = new Accounts(clients, server);
        var steps = new SessionSteps(clients, accounts.LoginClientToken);
        var user = await SessionSteps.UserWithOtpEmailAsync(accounts, clients);
        var (status, created) = await steps.StartAsync(user, """{"sendCode":{}}""");
        Assert.Equal(HttpStatusCode.Created, status);
        return (user, created.GetProperty("sessionId").GetString()!, steps, clients);
    }

    [Fact]
    public async Task The_code_travels_over_a_real_smtp_conversation_and_completes_the_session()
    {
        var port = SmtpSink.FreePort();
        await using var smtp = await SmtpSink.StartAsync(port);
        await using var server = await GatehouseProcess.StartAsync(SmtpSettings(port));
        try
        {
            var (user, sessionId, steps, clients) = await RequestMailedCodeAsync(server);
            var message = await smtp.WaitForAsync(user.Email);

            Assert.Equal("Verify One-Time Password", message.Subject);
            Assert.Equal("gatehouse@test.local", message.From.Mailboxes.Single().Address);
            Assert.False(string.IsNullOrEmpty(message.MessageId));
            Assert.NotNull(message.HtmlBody);
            var code = Accounts.CodeIn(message.ToString());
            var (status, _) = await steps.CheckAsync(sessionId, code);
            Assert.Equal(HttpStatusCode.OK, status);
            clients.Dispose();
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    [Fact]
    public async Task A_code_requested_while_smtp_is_down_arrives_exactly_once_when_it_is_back()
    {
        var port = SmtpSink.FreePort();
        await using var server = await GatehouseProcess.StartAsync(SmtpSettings(port));
        try
        {
            var (user, sessionId, steps, clients) = await RequestMailedCodeAsync(server);
            await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);

            await using var smtp = await SmtpSink.StartAsync(port);
            var message = await smtp.WaitForAsync(user.Email);
            await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);

            Assert.Equal(1, smtp.CountTo(user.Email));
            var (status, _) = await steps.CheckAsync(sessionId, Accounts.CodeIn(message.ToString()));
            Assert.Equal(HttpStatusCode.OK, status);
            clients.Dispose();
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    [Fact]
    public async Task A_code_survives_a_crash_of_the_server_before_delivery()
    {
        var port = SmtpSink.FreePort();
        var first = await GatehouseProcess.StartAsync(SmtpSettings(port));
        var (user, sessionId, _, firstClients) = await RequestMailedCodeAsync(first);
        firstClients.Dispose();
        await first.KillAsync();

        await using var smtp = await SmtpSink.StartAsync(port);
        await using var second = await GatehouseProcess.StartAsync(SmtpSettings(port), dataPath: first.DataPath);
        try
        {
            var message = await smtp.WaitForAsync(user.Email);
            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
            Assert.Equal(1, smtp.CountTo(user.Email));

            using var clients = new ApiClients(second.BaseAddress);
            var steps = new SessionSteps(clients, second.ReadLoginClientToken());
            var (status, _) = await steps.CheckAsync(sessionId, Accounts.CodeIn(message.ToString()));
            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            await second.KillAsync();
            await first.DisposeAsync();
            second.DeleteData();
        }
    }

    [Fact]
    public async Task A_code_that_expired_during_the_outage_is_dropped_not_sent()
    {
        var port = SmtpSink.FreePort();
        await using var server = await GatehouseProcess.StartAsync(SmtpSettings(port, expiry: "00:00:02"));
        try
        {
            var (user, _, _, clients) = await RequestMailedCodeAsync(server);
            await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);

            await using var smtp = await SmtpSink.StartAsync(port);
            await Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

            Assert.Equal(0, smtp.CountTo(user.Email));
            Assert.Contains("dropped", server.Output, StringComparison.Ordinal);
            clients.Dispose();
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }
}
