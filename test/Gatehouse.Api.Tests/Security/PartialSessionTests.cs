using System.Net;
using Gatehouse.Api.Tests.Hosting;
using Gatehouse.Api.Tests.Sessions;
using Grpc.Core;
using Zitadel.Auth.V1;

namespace Gatehouse.Api.Tests.Security;

/// <summary>
/// A session that checked only the password of a user with OTP Email may read its own user and finish its sign-in,
/// nothing more: the security review undid and read the second factor with such a token (issue 12, findings 1–3).
/// </summary>
public abstract class PartialSessionTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : PartialSessionTests(server);

    public sealed class OnPostgres(PostgresServer server) : PartialSessionTests(server);

    private const string EveryFactorRequired = "AUTHZ-Mfa2q";

    private SessionSteps Steps => new(server.Clients, server.Accounts.LoginClientToken);

    /// <summary>A user with OTP Email and the token of a session that checked only their password.</summary>
    private async Task<(TestUser User, string PasswordOnlyToken)> PasswordOnlyAsync()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        return (user, await server.Accounts.SignInAsync(user.LoginName, user.Password));
    }

    [Fact]
    public async Task A_password_only_session_cannot_remove_the_second_factor()
    {
        var (user, token) = await PasswordOnlyAsync();

        var (status, body) = await server.Clients.JsonAsync(HttpMethod.Delete, "/auth/v1/users/me/auth_factors/otp_email", token);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(EveryFactorRequired, SessionSteps.IdOf(body));
        var (_, factors) = await server.Clients.JsonAsync(HttpMethod.Post, "/auth/v1/users/me/auth_factors/_search", await Steps.SignInWithBothFactorsAsync(user), "{}");
        Assert.Contains("otpEmail", factors.GetProperty("result")[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_only_session_cannot_move_the_email_that_receives_the_codes()
    {
        var (_, token) = await PasswordOnlyAsync();

        var (setStatus, set) = await server.Clients.JsonAsync(HttpMethod.Put, "/auth/v1/users/me/email", token, """{"email":"attacker@example.com"}""");
        var (verifyStatus, verify) = await server.Clients.JsonAsync(HttpMethod.Post, "/auth/v1/users/me/email/_verify", token, """{"code":"ABCDEF"}""");
        var (resendStatus, resend) = await server.Clients.JsonAsync(HttpMethod.Post, "/auth/v1/users/me/email/_resend_verification", token, "{}");

        Assert.Equal((HttpStatusCode.Forbidden, EveryFactorRequired), (setStatus, SessionSteps.IdOf(set)));
        Assert.Equal((HttpStatusCode.Forbidden, EveryFactorRequired), (verifyStatus, SessionSteps.IdOf(verify)));
        Assert.Equal((HttpStatusCode.Forbidden, EveryFactorRequired), (resendStatus, SessionSteps.IdOf(resend)));
    }

    [Fact]
    public async Task A_password_only_session_cannot_have_the_code_returned_to_itself()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var (_, created) = await Steps.SendAsync(HttpMethod.Post, "/v2/sessions",
            $$$$$"""{"checks":{"user":{"loginName":"{{{{{user.LoginName}}}}}"},"password":{"password":"{{{{{user.Password}}}}}"}}}""");
        var id = created.GetProperty("sessionId").GetString()!;
        var token = created.GetProperty("sessionToken").GetString()!;

        var (status, body) = await Steps.SendAsync(HttpMethod.Patch, $"/v2/sessions/{id}",
            $$$$$"""{"sessionToken":"{{{{{token}}}}}","challenges":{"otpEmail":{"returnCode":{}}}}""", token);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("AUTHZ-Rc0de", SessionSteps.IdOf(body));
        Assert.DoesNotContain("challenges", body.ToString(), StringComparison.Ordinal);
        var (_, session) = await Steps.SendAsync(HttpMethod.Get, $"/v2/sessions/{id}", "{}");
        Assert.False(session.GetProperty("session").GetProperty("factors").TryGetProperty("otpEmail", out _));
    }

    [Fact]
    public async Task A_user_token_without_session_write_cannot_have_a_code_returned_for_another_session()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var (_, created) = await Steps.SendAsync(HttpMethod.Post, "/v2/sessions",
            $$$$$"""{"checks":{"user":{"loginName":"{{{{{user.LoginName}}}}}"},"password":{"password":"{{{{{user.Password}}}}}"}}}""");
        var id = created.GetProperty("sessionId").GetString()!;
        var token = created.GetProperty("sessionToken").GetString()!;
        var other = await Steps.SignInWithBothFactorsAsync(user);

        var (status, body) = await Steps.SendAsync(HttpMethod.Patch, $"/v2/sessions/{id}",
            $$$$$"""{"sessionToken":"{{{{{token}}}}}","challenges":{"otpEmail":{"returnCode":{}}}}""", other);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("AUTHZ-Rc0de", SessionSteps.IdOf(body));
    }

    [Fact]
    public async Task A_password_only_session_cannot_move_or_verify_the_email_through_the_login_v2_calls_either()
    {
        var (user, token) = await PasswordOnlyAsync();

        var answers = new List<(HttpStatusCode, string?)>();
        foreach (var (path, body) in new[]
        {
            ($"/v2/users/{user.UserId}/email", """{"email":"attacker@example.com"}"""),
            ($"/v2/users/{user.UserId}/email/send", "{}"),
            ($"/v2/users/{user.UserId}/email/resend", "{}"),
            ($"/v2/users/{user.UserId}/email/verify", """{"verificationCode":"ABCDEF"}"""),
        })
        {
            var (status, answer) = await server.Clients.JsonAsync(HttpMethod.Post, path, token, body);
            answers.Add((status, SessionSteps.IdOf(answer)));
        }

        Assert.All(answers, answer => Assert.Equal((HttpStatusCode.Forbidden, EveryFactorRequired), answer));
        var (_, read) = await server.Clients.JsonAsync(HttpMethod.Get, $"/v2/users/{user.UserId}", server.Accounts.LoginClientToken);
        Assert.Equal(user.Email, read.GetProperty("user").GetProperty("human").GetProperty("email").GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_password_only_session_reads_its_user_and_finishes_its_sign_in_with_a_mailed_code()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var (_, created) = await Steps.SendAsync(HttpMethod.Post, "/v2/sessions",
            $$$$$"""{"checks":{"user":{"loginName":"{{{{{user.LoginName}}}}}"},"password":{"password":"{{{{{user.Password}}}}}"}}}""");
        var id = created.GetProperty("sessionId").GetString()!;
        var token = created.GetProperty("sessionToken").GetString()!;

        var (meStatus, _) = await server.Clients.JsonAsync(HttpMethod.Get, "/auth/v1/users/me", token);
        var (factorsStatus, _) = await server.Clients.JsonAsync(HttpMethod.Post, "/auth/v1/users/me/auth_factors/_search", token, "{}");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (meStatus, factorsStatus));

        // The session's own token asks for a mailed code, then checks it: each change hands out a new token.
        var (sendStatus, sent) = await Steps.SendAsync(HttpMethod.Patch, $"/v2/sessions/{id}",
            $$$$$"""{"sessionToken":"{{{{{token}}}}}","challenges":{"otpEmail":{"sendCode":{}}}}""", token);
        Assert.Equal(HttpStatusCode.OK, sendStatus);
        token = sent.GetProperty("sessionToken").GetString()!;
        var code = Accounts.CodeIn(await Accounts.WaitForMailAsync(server.Process.DataPath, user.Email));
        var (checkStatus, checkedBody) = await Steps.SendAsync(HttpMethod.Patch, $"/v2/sessions/{id}",
            $$$$$"""{"sessionToken":"{{{{{token}}}}}","checks":{"otpEmail":{"code":"{{{{{code}}}}}"}}}""", token);
        Assert.Equal(HttpStatusCode.OK, checkStatus);
        var full = checkedBody.GetProperty("sessionToken").GetString()!;

        var (removeStatus, _) = await server.Clients.JsonAsync(HttpMethod.Delete, "/auth/v1/users/me/auth_factors/otp_email", full);
        Assert.Equal(HttpStatusCode.OK, removeStatus);
    }

    [Fact]
    public async Task A_password_only_session_can_neither_read_nor_end_the_users_other_sessions()
    {
        var (user, token) = await PasswordOnlyAsync();
        var (_, full) = await Steps.StartAsync(user);
        var fullId = full.GetProperty("sessionId").GetString()!;

        var (readStatus, read) = await server.Clients.JsonAsync(HttpMethod.Get, $"/v2/sessions/{fullId}", token);
        var (deleteStatus, deleted) = await server.Clients.JsonAsync(HttpMethod.Delete, $"/v2/sessions/{fullId}", token, "{}");

        Assert.Equal((HttpStatusCode.Forbidden, EveryFactorRequired), (readStatus, SessionSteps.IdOf(read)));
        Assert.Equal((HttpStatusCode.Forbidden, EveryFactorRequired), (deleteStatus, SessionSteps.IdOf(deleted)));
        var (_, still) = await Steps.SendAsync(HttpMethod.Get, $"/v2/sessions/{fullId}", "{}");
        Assert.True(still.TryGetProperty("session", out _));
    }

    [Fact]
    public async Task A_password_only_session_can_neither_lock_nor_delete_its_user_nor_skip_the_second_factor_set_up()
    {
        // Each would let someone with only the password lock the owner out, remove the account, or silence the
        // login's request to set up a second factor.
        var (user, token) = await PasswordOnlyAsync();

        var (lockStatus, locked) = await server.Clients.JsonAsync(HttpMethod.Post, $"/v2/users/{user.UserId}/lock", token, "{}");
        var (deleteStatus, deleted) = await server.Clients.JsonAsync(HttpMethod.Delete, $"/v2/users/{user.UserId}", token);
        var (skipStatus, skipped) = await server.Clients.JsonAsync(HttpMethod.Post, $"/v2/users/{user.UserId}/mfa_init_skipped", token, "{}");

        Assert.Equal((HttpStatusCode.Forbidden, EveryFactorRequired), (lockStatus, SessionSteps.IdOf(locked)));
        Assert.Equal((HttpStatusCode.Forbidden, EveryFactorRequired), (deleteStatus, SessionSteps.IdOf(deleted)));
        Assert.Equal((HttpStatusCode.Forbidden, EveryFactorRequired), (skipStatus, SessionSteps.IdOf(skipped)));
        var (_, read) = await server.Clients.JsonAsync(HttpMethod.Get, $"/v2/users/{user.UserId}", server.Accounts.AdminToken);
        Assert.Equal("USER_STATE_ACTIVE", read.GetProperty("user").GetProperty("state").GetString());
        Assert.False(read.GetProperty("user").GetProperty("human").TryGetProperty("mfaInitSkipped", out _), read.ToString());
    }

    [Fact]
    public async Task A_password_only_session_of_a_user_without_a_second_factor_is_fully_signed_in()
    {
        var user = await server.Accounts.CreateHumanAsync();

        var (status, _) = await server.Clients.JsonAsync(HttpMethod.Put, "/auth/v1/users/me/email", user.Token, $$"""{"email":"new{{Guid.NewGuid():N}}@example.com"}""");

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData(Protocol.Grpc)]
    [InlineData(Protocol.GrpcWeb)]
    [InlineData(Protocol.GrpcWebText)]
    public async Task Removing_the_factor_with_a_password_only_session_is_refused_alike_over_every_protocol(Protocol protocol)
    {
        var (_, token) = await PasswordOnlyAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new AuthService.AuthServiceClient(server.Clients.Channel(protocol)).RemoveMyAuthFactorOTPEmailAsync(
                new RemoveMyAuthFactorOTPEmailRequest(), ApiClients.Bearer(token), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        var detail = Assert.Single(error.GetRpcStatus()!.Details).Unpack<Zitadel.V1.ErrorDetail>();
        Assert.Equal(EveryFactorRequired, detail.Id);
    }

    [Fact]
    public async Task A_caller_without_permission_cannot_tell_unknown_locked_and_existing_users_apart_through_create_session()
    {
        var caller = await server.Accounts.CreateHumanAsync();
        var existing = await server.Accounts.CreateHumanAsync();

        async Task<string> AnswerFor(string loginName)
        {
            var (status, body) = await Steps.SendAsync(HttpMethod.Post, "/v2/sessions",
                $$$$$"""{"checks":{"user":{"loginName":"{{{{{loginName}}}}}"}}}""", caller.Token);
            return $"{(int)status} {SessionSteps.IdOf(body)}";
        }

        var unknown = await AnswerFor("nobody" + Guid.NewGuid().ToString("N"));
        Assert.Equal(unknown, await AnswerFor(existing.LoginName));
        Assert.Equal("404 AUTHZ-cdgFk", unknown);
    }
}
