using System.Net;
using Gatehouse.Api.Tests.Hosting;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Api.Tests.Sessions;

/// <summary>Every step of an email-code sign-in is an event with ZITADEL's type strings, and no event holds a code.</summary>
public sealed class OtpEmailAuditTrailTests(SqliteServer server)
{
    [Fact]
    public async Task The_user_stream_records_code_added_sent_failed_and_succeeded_without_the_code()
    {
        var steps = new SessionSteps(server.Clients, server.Accounts.LoginClientToken);
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var (_, created) = await steps.StartAsync(user, """{"sendCode":{}}""");
        var id = created.GetProperty("sessionId").GetString()!;
        var code = Accounts.CodeIn(await Accounts.WaitForMailAsync(server.Process.DataPath, user.Email, m => m.Contains("One-Time Password", StringComparison.Ordinal)));
        await steps.CheckAsync(id, code == "00000000" ? "11111111" : "00000000");
        var (status, _) = await steps.CheckAsync(id, code);
        Assert.Equal(HttpStatusCode.OK, status);

        var events = await EventsAsync("user", user.UserId);
        var types = events.Select(e => e.Type).ToList();
        Assert.Contains("user.human.mfa.otp.email.added", types);
        Assert.Contains("user.human.mfa.otp.email.code.added", types);
        Assert.Contains("user.human.mfa.otp.email.code.sent", types);
        Assert.Contains("user.human.mfa.otp.email.check.failed", types);
        Assert.Contains("user.human.mfa.otp.email.check.succeeded", types);
        Assert.True(types.IndexOf("user.human.mfa.otp.email.code.added") < types.IndexOf("user.human.mfa.otp.email.check.succeeded"));

        var sessionTypes = (await EventsAsync("session", id)).Select(e => e.Type).ToList();
        Assert.Contains("session.otp.email.challenged", sessionTypes);
        Assert.Contains("session.otp.email.checked", sessionTypes);

        var everything = (await EventsAsync("user", user.UserId)).Concat(await EventsAsync("session", id));
        Assert.DoesNotContain(everything, e => e.Payload?.Contains(code, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(everything, e => e.Payload?.Contains(user.Password, StringComparison.Ordinal) == true);
    }

    private async Task<List<(string Type, string? Payload)>> EventsAsync(string aggregateType, string aggregateId)
    {
        var path = Path.Combine(server.Process.DataPath, "gatehouse.db");
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_type, payload FROM events WHERE aggregate_type = @type AND aggregate_id = @id ORDER BY sequence";
        command.Parameters.AddWithValue("@type", aggregateType);
        command.Parameters.AddWithValue("@id", aggregateId);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var events = new List<(string, string?)>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            events.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return events;
    }
}
