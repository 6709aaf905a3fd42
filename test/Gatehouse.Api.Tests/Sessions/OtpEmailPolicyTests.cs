using System.Net;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Sessions;

/// <summary>An organization that needs higher assurance than email can offer (NIST SP 800-63B) turns OTP Email off.</summary>
public sealed class OtpEmailPolicyTests
{
    [Fact]
    public async Task Users_of_an_organization_that_disallows_otp_email_can_neither_add_it_nor_get_codes()
    {
        var first = await GatehouseProcess.StartAsync();
        string orgId;
        TestUser user;
        using (var clients = new ApiClients(first.BaseAddress))
        {
            var accounts = new Accounts(clients, first);
            user = await SessionSteps.UserWithOtpEmailAsync(accounts, clients);
            orgId = user.OrgId;
        }

        await first.KillAsync();
        await using var server = await GatehouseProcess.StartAsync(
            new Dictionary<string, string> { ["Gatehouse__OtpEmail__DisallowedOrganizations__0"] = orgId }, dataPath: first.DataPath);
        try
        {
            using var clients = new ApiClients(server.BaseAddress);
            var accounts = new Accounts(clients, server);
            var steps = new SessionSteps(clients, accounts.LoginClientToken);
            var (status, body) = await steps.StartAsync(user);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("POLICY-otpEmail", SessionSteps.IdOf(body));

            var other = await accounts.CreateHumanAsync();
            var (added, addedBody) = await steps.SendAsync(HttpMethod.Post, "/auth/v1/users/me/auth_factors/otp_email", "{}", other.Token);
            Assert.Equal(HttpStatusCode.BadRequest, added);
            Assert.Equal("POLICY-otpEmail", SessionSteps.IdOf(addedBody));
        }
        finally
        {
            await server.KillAsync();
            await first.DisposeAsync();
            server.DeleteData();
        }
    }
}
