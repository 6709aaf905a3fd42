using System.Net;
using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Sessions;

/// <summary>A login client's view of the Session API over JSON, for the sign-in tests.</summary>
public sealed class SessionSteps(ApiClients clients, string loginClientToken)
{
    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string json, string? token = null)
    {
        using var request = ApiClients.Request(method, path, token ?? loginClientToken, json);
        using var response = await clients.Rest.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement);
    }

    /// <summary>A session for the user after user and password checks, asking for an OTP Email challenge.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> StartAsync(TestUser user, string challenge = """{"returnCode":{}}""") =>
        await SendAsync(HttpMethod.Post, "/v2/sessions",
            $$$"""{"checks":{"user":{"loginName":"{{{user.LoginName}}}"},"password":{"password":"{{{user.Password}}}"}},"challenges":{"otpEmail":""" + challenge + "}}");

    public Task<(HttpStatusCode Status, JsonElement Body)> CheckAsync(string sessionId, string code) =>
        SendAsync(HttpMethod.Patch, $"/v2/sessions/{sessionId}", $$$$"""{"checks":{"otpEmail":{"code":"{{{{code}}}}"}}}""");

    public Task<(HttpStatusCode Status, JsonElement Body)> ChallengeAsync(string sessionId, string challenge = """{"returnCode":{}}""") =>
        SendAsync(HttpMethod.Patch, $"/v2/sessions/{sessionId}", """{"challenges":{"otpEmail":""" + challenge + "}}");

    /// <summary>
    /// The token of a session that checked the password and then the code: the level a user with OTP Email needs to
    /// change the account (a password-only session of such a user is partial).
    /// </summary>
    public async Task<string> SignInWithBothFactorsAsync(TestUser user)
    {
        var (status, created) = await StartAsync(user);
        Assert.Equal(HttpStatusCode.Created, status);
        var code = created.GetProperty("challenges").GetProperty("otpEmail").GetString()!;
        var (checkedStatus, checkedBody) = await CheckAsync(created.GetProperty("sessionId").GetString()!, code);
        Assert.Equal(HttpStatusCode.OK, checkedStatus);
        return checkedBody.GetProperty("sessionToken").GetString()!;
    }

    /// <summary>
    /// A user with a verified email who has added OTP Email with their own session token; that token checked only the
    /// password, so from then on it is partial (<see cref="SignInWithBothFactorsAsync"/> gives a full one).
    /// </summary>
    public static async Task<TestUser> UserWithOtpEmailAsync(Accounts accounts, ApiClients clients, string? language = null)
    {
        var user = await accounts.CreateHumanAsync(language: language);
        using var request = ApiClients.Request(HttpMethod.Post, "/auth/v1/users/me/auth_factors/otp_email", user.Token, "{}");
        using var response = await clients.Rest.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return user;
    }

    public static string IdOf(JsonElement error) => error.GetProperty("details")[0].GetProperty("id").GetString()!;
}
