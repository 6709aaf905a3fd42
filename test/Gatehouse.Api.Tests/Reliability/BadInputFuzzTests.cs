using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Reliability;

/// <summary>
/// Generated bad input over every protocol: JSON bodies, paths, methods, headers and tokens, protobuf payloads in gRPC
/// and gRPC-web frames. Asserted for every case: no 5xx, no hang, the server stays up, and a rejected request changes
/// nothing except the failure records an identity server must keep (failed checks, lockouts).
/// </summary>
public sealed class BadInputFuzzTests
{
    private static readonly string[] FailureAudit =
    [
        "user.human.password.check.failed", "user.human.email.verification.failed", "user.human.mfa.otp.email.check.failed", "user.locked",
    ];

    private static readonly string[] FieldNames =
    [
        "email", "code", "userId", "user_id", "username", "profile", "givenName", "familyName", "password", "checks", "user", "loginName",
        "challenges", "otpEmail", "sendCode", "returnCode", "urlTemplate", "sessionToken", "lifetime", "metadata", "isVerified",
        "organization", "orgId", "machine", "name", "expirationDate", "details", "x", "__proto__", "",
    ];

    private static readonly string[] GrpcMethods =
    [
        "/zitadel.auth.v1.AuthService/Healthz", "/zitadel.auth.v1.AuthService/GetMyUser", "/zitadel.auth.v1.AuthService/SetMyEmail",
        "/zitadel.auth.v1.AuthService/AddMyAuthFactorOTPEmail", "/zitadel.auth.v1.AuthService/RemoveMyAuthFactorOTPEmail",
        "/zitadel.user.v2.UserService/AddHumanUser", "/zitadel.user.v2.UserService/AddOTPEmail", "/zitadel.session.v2.SessionService/CreateSession",
        "/zitadel.session.v2.SessionService/SetSession", "/zitadel.session.v2.SessionService/GetSession", "/zitadel.nothing.Service/Nothing",
    ];

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String,
        Gen.String[Gen.Char.AlphaNumeric, 0, 40],
        Gen.Const("a@b.c"), Gen.Const("{{"), Gen.Const("{{.Code}}"), Gen.Const("\u0000"), Gen.Const("💥🔥"), Gen.Const(new string('x', 5000)));

    /// <summary>HTTP header values must be visible ASCII; anything else the client library refuses to send.</summary>
    private static readonly Gen<string> HeaderText = Gen.String[Gen.Char[' ', '~'], 0, 80];

    private static readonly Gen<string> Json = Gen.Recursive<string>((depth, self) =>
    {
        var scalar = Gen.OneOf(
            Text.Select(s => System.Text.Json.JsonSerializer.Serialize(s)),
            Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "1e999"),
            Gen.OneOf("true", "false", "null", "-0", "18446744073709551616", "\"-5s\"", "\"2025-01-02T03:04:05Z\""));
        if (depth > 3)
        {
            return scalar;
        }

        var array = self.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]");
        var member = Gen.Select(Gen.OneOf(Gen.OneOf(FieldNames), Text), self,
            (name, value) => System.Text.Json.JsonSerializer.Serialize(name) + ":" + value);
        var obj = member.Array[0, 6].Select(members => "{" + string.Join(",", members) + "}");
        return Gen.Frequency((3, obj), (1, array), (2, scalar));
    });

    private static readonly Gen<string?> Body = Gen.Frequency<string?>(
        (6, Json.Select(j => (string?)j)),
        (2, Text.Select(t => (string?)t)),
        (1, Gen.Const((string?)null)),
        (1, Json.Select(j => (string?)j[..Math.Max(0, j.Length / 2)])));

    [Fact]
    public async Task Generated_bad_input_never_gets_a_5xx_a_hang_or_an_unexpected_state_change()
    {
        await using var server = await GatehouseProcess.StartAsync();
        try
        {
            using var clients = new ApiClients(server.BaseAddress);
            var accounts = new Accounts(clients, server);
            var user = await accounts.CreateHumanAsync();
            await using var log = new EventLog(server.DataPath);
            var tokens = new[] { user.Token, accounts.AdminToken, accounts.LoginClientToken };
            var paths = new[]
            {
                "/auth/v1/healthz", "/auth/v1/users/me", "/auth/v1/users/me/email", "/auth/v1/users/me/email/_verify",
                "/auth/v1/users/me/email/_resend_verification", "/auth/v1/users/me/auth_factors/_search", "/auth/v1/users/me/auth_factors/otp_email",
                "/v2/users/human", "/v2/users/new", $"/v2/users/{user.UserId}/otp_email", $"/v2/users/{user.UserId}/authentication_methods",
                $"/v2/users/{user.UserId}/unlock", $"/v2/users/{user.UserId}/pats", "/v2/sessions", "/v2/sessions/123", "/v2/users/%00/pats",
                "/nothing", "/auth/v1/../v2/sessions",
            };
            var authorization = Gen.Frequency<string?>(
                (5, Gen.OneOf(tokens).Select(t => (string?)$"Bearer {t}")),
                (1, Gen.Const((string?)null)),
                (1, HeaderText.Select(t => (string?)$"Bearer {t}")),
                (1, HeaderText.Select(t => (string?)t)),
                (1, Gen.OneOf(tokens).Select(t => (string?)$"bearer {t}")));
            var method = Gen.OneOf("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD");
            var contentType = Gen.OneOf("application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "");
            var language = Gen.OneOf("de", "en", "de-CH,de;q=0.9", "xx", "*", ";;;");

            var jsonCases = 6000 * ReliabilityFigures.Scale;
            var failures = new List<string>();
            long rejected = 0;
            await Gen.Select(Gen.OneOf(paths), method, Body, contentType, authorization, language, (p, m, b, t, a, l) => (p, m, b, t, a, l)).SampleAsync(async c =>
            {
                var (path, verb, body, type, auth, lang) = c;
                using var request = new HttpRequestMessage(new HttpMethod(verb), path);
                if (body is not null && verb is not ("GET" or "HEAD"))
                {
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                    request.Content.Headers.ContentType = type.Length == 0 ? null : MediaTypeHeaderValue.Parse(type);
                }

                if (auth is not null)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", auth);
                }

                request.Headers.TryAddWithoutValidation("Accept-Language", lang);
                var before = await log.LastPositionAsync();
                using var response = await SendAsync(clients.Rest, request);
                var status = (int)response.StatusCode;
                if (status >= 500)
                {
                    failures.Add($"{verb} {path} {body?[..Math.Min(body.Length, 200)]} → {status} {await response.Content.ReadAsStringAsync()}");
                }
                else if (status >= 400)
                {
                    rejected++;
                    var written = await log.TypesAfterAsync(before);
                    if (written.Any(t => !FailureAudit.Contains(t)))
                    {
                        failures.Add($"{verb} {path} → {status} but wrote {string.Join(", ", written)}");
                    }
                }
            }, iter: jsonCases, threads: 1);

            var grpcCases = 2000 * ReliabilityFigures.Scale;
            var webCases = 2000 * ReliabilityFigures.Scale;
            await FuzzGrpcAsync(server, tokens, grpcCases, webCases, failures);

            ReliabilityFigures.Record("fuzz", new Dictionary<string, long>
            {
                ["bad inputs tried"] = jsonCases + grpcCases + webCases,
                ["rejected without state change"] = rejected,
                ["failures"] = failures.Count,
            });
            Assert.False(server.HasExited, "the server died");
            Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    private static async Task FuzzGrpcAsync(GatehouseProcess server, string[] tokens, int grpcCases, int webCases, List<string> failures)
    {
        using var h2c = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var payload = Gen.Frequency(
            (3, Gen.Byte.Array[0, 64]),
            (2, Gen.Select(Gen.Byte.Array[0, 40], Gen.UInt[0, 100_000], (bytes, announced) => Frame(bytes, announced))),
            (2, Gen.Byte.Array[0, 40].Select(bytes => Frame(bytes, (uint)bytes.Length))));
        var frames = Gen.Select(Gen.OneOf(GrpcMethods), payload, Gen.OneOf(tokens), Gen.Bool, (m, p, t, w) => (m, p, t, w));

        await frames.SampleAsync(async c =>
        {
            var (path, body, token, withToken) = c;
            using var request = new HttpRequestMessage(HttpMethod.Post, path)
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ByteArrayContent(body),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            request.Headers.TE.ParseAdd("trailers");
            if (withToken)
            {
                request.Headers.TryAddWithoutValidation("authorization", $"Bearer {token}");
            }

            using var response = await SendAsync(h2c, request);
            await response.Content.ReadAsByteArrayAsync();
            CheckGrpcAnswer(path, response, failures);
        }, iter: grpcCases, threads: 1);

        using var web = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        await Gen.Select(frames, Gen.Bool, (f, t) => (f, t)).SampleAsync(async c =>
        {
            var ((path, body, token, withToken), text) = c;
            using var request = new HttpRequestMessage(HttpMethod.Post, path)
            {
                Content = new ByteArrayContent(text ? Encoding.ASCII.GetBytes(Convert.ToBase64String(body)) : body),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(text ? "application/grpc-web-text" : "application/grpc-web+proto");
            if (withToken)
            {
                request.Headers.TryAddWithoutValidation("authorization", $"Bearer {token}");
            }

            using var response = await SendAsync(web, request);
            await response.Content.ReadAsByteArrayAsync();
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"grpc-web {path} → HTTP {(int)response.StatusCode}");
            }
        }, iter: webCases, threads: 1);
    }

    private static void CheckGrpcAnswer(string path, HttpResponseMessage response, List<string> failures)
    {
        if ((int)response.StatusCode >= 500)
        {
            failures.Add($"grpc {path} → HTTP {(int)response.StatusCode}");
            return;
        }

        var hasStatus = response.TrailingHeaders.Contains("grpc-status") || response.Headers.Contains("grpc-status");
        if (response.StatusCode == HttpStatusCode.OK && !hasStatus)
        {
            failures.Add($"grpc {path} → no grpc-status");
        }
    }

    private static byte[] Frame(byte[] message, uint announcedLength)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = 0;
        frame[1] = (byte)(announcedLength >> 24);
        frame[2] = (byte)(announcedLength >> 16);
        frame[3] = (byte)(announcedLength >> 8);
        frame[4] = (byte)announcedLength;
        message.CopyTo(frame, 5);
        return frame;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            return await client.SendAsync(request, timeout.Token);
        }
        catch (TaskCanceledException)
        {
            throw new TimeoutException($"{request.Method} {request.RequestUri} hung for 10 s");
        }
    }
}
