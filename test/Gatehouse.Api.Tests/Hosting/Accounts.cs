using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Api.Tests.Hosting;

/// <summary>A human made for one test: ids, login name, password, and a session token to call the API as them.</summary>
public sealed record TestUser(string UserId, string OrgId, string LoginName, string Password, string Email, string Token);

/// <summary>Makes users and signs them in through the public API, exactly as the README walkthrough does.</summary>
public sealed class Accounts(ApiClients clients, GatehouseProcess server)
{
    public const string Password = "Secret-Password1!";

    public string AdminToken { get; } = server.ReadAdminToken();

    public string LoginClientToken { get; } = server.ReadLoginClientToken();

    /// <summary>A human created by the administrator, with a verified email (or not) and a password, then signed in.</summary>
    public async Task<TestUser> CreateHumanAsync(bool verified = true, string? language = null)
    {
        var name = $"u{Guid.NewGuid():N}"[..12];
        var email = $"{name}@acme.test";
        var body = new JsonObject
        {
            ["username"] = name,
            ["profile"] = new JsonObject { ["givenName"] = "Test", ["familyName"] = "User", ["preferredLanguage"] = language ?? "en" },
            ["email"] = verified ? new JsonObject { ["email"] = email, ["isVerified"] = true } : new JsonObject { ["email"] = email, ["returnCode"] = new JsonObject() },
            ["password"] = new JsonObject { ["password"] = Password },
        };
        var created = await PostAsync("/v2/users/human", AdminToken, body.ToJsonString(), HttpStatusCode.OK);
        var userId = created["userId"]!.GetValue<string>();
        var orgId = created["details"]!["resourceOwner"]!.GetValue<string>();
        var token = await SignInAsync(name, Password);
        return new TestUser(userId, orgId, name, Password, email, token);
    }

    /// <summary>A session with user and password checks, created by the login client; its token is the user's bearer.</summary>
    public async Task<string> SignInAsync(string loginName, string password)
    {
        var body = new JsonObject
        {
            ["checks"] = new JsonObject
            {
                ["user"] = new JsonObject { ["loginName"] = loginName },
                ["password"] = new JsonObject { ["password"] = password },
            },
        };
        var session = await PostAsync("/v2/sessions", LoginClientToken, body.ToJsonString(), HttpStatusCode.Created);
        return session["sessionToken"]!.GetValue<string>();
    }

    /// <summary>A machine user and a personal access token for it.</summary>
    public async Task<(string UserId, string Token)> CreateMachineAsync()
    {
        var orgId = (await GetAsync("/auth/v1/users/me", AdminToken))["user"]!["details"]!["resourceOwner"]!.GetValue<string>();
        var name = $"svc{Guid.NewGuid():N}"[..12];
        var created = await PostAsync("/v2/users/new", AdminToken,
            new JsonObject { ["organizationId"] = orgId, ["username"] = name, ["machine"] = new JsonObject { ["name"] = name } }.ToJsonString(),
            HttpStatusCode.OK);
        var userId = created["id"]!.GetValue<string>();
        var pat = await PostAsync($"/v2/users/{userId}/pats", AdminToken,
            new JsonObject { ["expirationDate"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O") }.ToJsonString(), HttpStatusCode.OK);
        return (userId, pat["token"]!.GetValue<string>());
    }

    public async Task<JsonObject> PostAsync(string path, string token, string json, HttpStatusCode expected)
    {
        using var request = ApiClients.Request(HttpMethod.Post, path, token, json);
        using var response = await clients.Rest.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<JsonObject> GetAsync(string path, string token)
    {
        using var request = ApiClients.Request(HttpMethod.Get, path, token);
        using var response = await clients.Rest.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The newest development-sink mail to an address, and the code in it (the first 6–12 character run of A–Z0–9 on its own line).</summary>
    public static async Task<string> WaitForMailAsync(string dataPath, string recipient, Func<string, bool>? accept = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var folder = Path.Combine(dataPath, "mail");
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(folder))
            {
                foreach (var file in Directory.GetFiles(folder, "*.eml").OrderDescending())
                {
                    var text = await File.ReadAllTextAsync(file);
                    if (text.Contains(recipient, StringComparison.OrdinalIgnoreCase) && (accept?.Invoke(text) ?? true))
                    {
                        return text;
                    }
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No mail to {recipient} arrived.");
    }

    public static string CodeIn(string mail)
    {
        var message = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(mail)));
        foreach (var line in (message.TextBody ?? "").Split('\n'))
        {
            var candidate = line.Trim();
            if (candidate.Length is >= 6 and <= 12 && candidate.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No code in the mail.");
    }

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;
}
