using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Duende.IdentityModel.Client;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Machines;

/// <summary>What the machine-to-machine tests share: a machine user made by the administrator, and the checks that a token works on the API.</summary>
public abstract class MachineTests(IGatehouseServer server)
{
    protected const string ApiScope = "openid urn:zitadel:iam:org:project:id:zitadel:aud";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected IGatehouseServer Server => server;

    protected string TokenEndpoint => new Uri(server.Process.BaseAddress, "/oauth/v2/token").ToString();

    protected sealed record Machine(string UserId, string UserName);

    protected async Task<Machine> CreateMachineAsync()
    {
        var orgId = (await Server.Accounts.GetAsync("/auth/v1/users/me", Server.Accounts.AdminToken))["user"]!["details"]!["resourceOwner"]!.GetValue<string>();
        var name = $"svc{Guid.NewGuid():N}"[..14];
        var created = await Server.Accounts.PostAsync("/v2/users/new", Server.Accounts.AdminToken,
            new JsonObject { ["organizationId"] = orgId, ["username"] = name, ["machine"] = new JsonObject { ["name"] = name } }.ToJsonString(),
            HttpStatusCode.OK);
        return new Machine(created["id"]!.GetValue<string>(), name);
    }

    /// <summary>The token works on a real API call as the machine user: v2 GetUserByID and the Auth API's GetMyUser.</summary>
    protected async Task AssertIsMachineTokenAsync(string accessToken, string userId)
    {
        var (status, user) = await Server.Clients.JsonAsync(HttpMethod.Get, $"/v2/users/{userId}", accessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(userId, user.GetProperty("user").GetProperty("userId").GetString());
        var (meStatus, me) = await Server.Clients.JsonAsync(HttpMethod.Get, "/auth/v1/users/me", accessToken);
        Assert.Equal(HttpStatusCode.OK, meStatus);
        Assert.Equal(userId, me.GetProperty("user").GetProperty("id").GetString());
    }

    protected async Task<HttpStatusCode> StatusAsync(string path, string token)
    {
        using var request = ApiClients.Request(HttpMethod.Get, path, token);
        using var response = await Server.Clients.Rest.SendAsync(request, Ct);
        return response.StatusCode;
    }

    /// <summary>
    /// The OAuth error of a refused request. Duende reports a 401 as an HTTP error (its reason phrase), so the RFC 6749
    /// §5.2 error is read from the body, which Gatehouse sends with every status.
    /// </summary>
    protected static string? ErrorOf(TokenResponse response) =>
        response.Raw is { Length: > 0 } raw && JsonDocument.Parse(raw).RootElement.TryGetProperty("error", out var error) ? error.GetString() : response.Error;

    protected static JsonElement Payload(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(part)).RootElement;
    }
}
