using System.Net;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Sessions;

/// <summary>ZITADEL's lockout policy for one-time codes (MaxOTPAttempts), and UnlockUser (docs/acceptance.md §3.2, §4.2).</summary>
public sealed class OtpEmailLockoutTests
{
    [Fact]
    public async Task Reaching_max_otp_attempts_locks_the_user_until_an_administrator_unlocks()
    {
        await using var server = await GatehouseProcess.StartAsync(new Dictionary<string, string> { ["Gatehouse__MaxOtpAttempts"] = "3" });
        try
        {
            using var clients = new ApiClients(server.BaseAddress);
            var accounts = new Accounts(clients, server);
            var steps = new SessionSteps(clients, accounts.LoginClientToken);
            var user = await SessionSteps.UserWithOtpEmailAsync(accounts, clients);
            var (_, created) = await steps.StartAsync(user);
            var id = created.GetProperty("sessionId").GetString()!;
            var code = created.GetProperty("challenges").GetProperty("otpEmail").GetString()!;
            var wrong = code == "00000000" ? "11111111" : "00000000";

            await steps.CheckAsync(id, wrong);
            var (_, second) = await steps.ChallengeAsync(id);
            var secondCode = second.GetProperty("challenges").GetProperty("otpEmail").GetString()!;
            await steps.CheckAsync(id, secondCode == wrong ? "22222222" : wrong);
            var (thirdStatus, third) = await steps.CheckAsync(id, secondCode == wrong ? "22222222" : wrong);
            Assert.Equal(HttpStatusCode.BadRequest, thirdStatus);
            Assert.Equal("CODE-woT0xc", SessionSteps.IdOf(third));

            // Locked: even the right code fails, and so does signing in again.
            var (lockedStatus, locked) = await steps.CheckAsync(id, secondCode);
            Assert.Equal(HttpStatusCode.BadRequest, lockedStatus);
            Assert.Equal("User is locked (COMMAND-S6h4R)", locked.GetProperty("message").GetString());
            var (signInStatus, signIn) = await steps.StartAsync(user);
            Assert.Equal(HttpStatusCode.BadRequest, signInStatus);
            Assert.Equal("SESSION-Gj4ko", SessionSteps.IdOf(signIn));

            // A plain user may not unlock; the administrator may, once.
            var plain = await accounts.CreateHumanAsync();
            var (plainStatus, _) = await steps.SendAsync(HttpMethod.Post, $"/v2/users/{user.UserId}/unlock", "{}", plain.Token);
            Assert.Equal(HttpStatusCode.NotFound, plainStatus);
            var (unlockStatus, unlocked) = await steps.SendAsync(HttpMethod.Post, $"/v2/users/{user.UserId}/unlock", "{}", accounts.AdminToken);
            Assert.Equal(HttpStatusCode.OK, unlockStatus);
            Assert.Equal(user.OrgId, unlocked.GetProperty("details").GetProperty("resourceOwner").GetString());
            var (againStatus, again) = await steps.SendAsync(HttpMethod.Post, $"/v2/users/{user.UserId}/unlock", "{}", accounts.AdminToken);
            Assert.Equal(HttpStatusCode.BadRequest, againStatus);
            Assert.Equal("User is not locked (COMMAND-olb9vb0oca)", again.GetProperty("message").GetString());

            var (fresh, freshBody) = await steps.StartAsync(user);
            Assert.Equal(HttpStatusCode.Created, fresh);
            var (ok, _) = await steps.CheckAsync(freshBody.GetProperty("sessionId").GetString()!, freshBody.GetProperty("challenges").GetProperty("otpEmail").GetString()!);
            Assert.Equal(HttpStatusCode.OK, ok);
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    [Fact]
    public async Task A_locked_users_tokens_are_refused_everywhere_until_unlocked()
    {
        await using var server = await GatehouseProcess.StartAsync(new Dictionary<string, string> { ["Gatehouse__MaxPasswordAttempts"] = "2" });
        try
        {
            using var clients = new ApiClients(server.BaseAddress);
            var accounts = new Accounts(clients, server);
            var steps = new SessionSteps(clients, accounts.LoginClientToken);
            var user = await accounts.CreateHumanAsync();
            var wrongPassword = $$$$"""{"checks":{"user":{"loginName":"{{{{user.LoginName}}}}"},"password":{"password":"wrong-Password1!"}}}""";
            await steps.SendAsync(HttpMethod.Post, "/v2/sessions", wrongPassword);
            await steps.SendAsync(HttpMethod.Post, "/v2/sessions", wrongPassword);

            // The session token from before the lock: the security review read the user and changed the account with it.
            var (meStatus, _) = await clients.JsonAsync(HttpMethod.Get, "/auth/v1/users/me", user.Token);
            var (emailStatus, _) = await clients.JsonAsync(HttpMethod.Put, "/auth/v1/users/me/email", user.Token, """{"email":"other@example.com"}""");
            var (addStatus, _) = await clients.JsonAsync(HttpMethod.Post, "/auth/v1/users/me/auth_factors/otp_email", user.Token, "{}");
            Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (meStatus, emailStatus, addStatus));

            var (unlockStatus, _) = await steps.SendAsync(HttpMethod.Post, $"/v2/users/{user.UserId}/unlock", "{}", accounts.AdminToken);
            Assert.Equal(HttpStatusCode.OK, unlockStatus);
            var (againStatus, _) = await clients.JsonAsync(HttpMethod.Get, "/auth/v1/users/me", user.Token);
            Assert.Equal(HttpStatusCode.OK, againStatus);
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }
}
