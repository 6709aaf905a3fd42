using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Login;

/// <summary>Bodies and addresses the login pages do not expect get 400 (or the page again), never a 500 and an error log.</summary>
public abstract class LoginBadInputTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : LoginBadInputTests(server);

    public sealed class OnPostgres(PostgresServer server) : LoginBadInputTests(server);

    public static TheoryData<string> FormPosts =>
    [
        "/ui/login", "/ui/password", "/ui/otp", "/ui/otp/send", "/ui/logout", "/ui/security/otp-email/add", "/ui/security/otp-email/remove",
        "/ui/security/email", "/ui/security/email/resend", "/ui/security/email/verify",
    ];

    [Theory]
    [MemberData(nameof(FormPosts))]
    public async Task A_json_text_or_broken_multipart_body_gets_400_without_an_error_log(string path)
    {
        var user = await server.Accounts.CreateHumanAsync();
        using var browser = new LoginBrowser(server.Process.BaseAddress);
        // Signed in, so the pages behind the login get as far as reading the body too.
        using (await browser.EnterLoginNameAsync(user.LoginName))
        using (await browser.EnterPasswordAsync(user.Password))
        {
        }

        var logged = server.Process.Output.Length;
        foreach (var (contentType, body) in new[]
        {
            ("application/json", """{"loginName":"x","password":"y"}"""),
            ("text/plain", "loginName=x"),
            ("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n"),
            ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb"),
            ("multipart/form-data; boundary=x", "garbage without any boundary"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            using var response = await browser.SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path} with {contentType}: {(int)response.StatusCode}");
            Assert.Contains("text/html", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        }

        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Empty(server.Process.ErrorsOutsideGrpcSince(logged));
    }

    [Theory]
    [InlineData("%2F%0D%2Fx")]
    [InlineData("%2F%0A%2Fx")]
    [InlineData("%2F%E2%80%8B%2Fx")]
    [InlineData("%2F%C3%A4")]
    public async Task A_return_url_with_a_control_or_non_ascii_character_redirects_to_the_login_without_an_error(string returnUrl)
    {
        using var browser = new LoginBrowser(server.Process.BaseAddress);

        using var response = await browser.GetAsync($"/ui/continue?returnUrl={returnUrl}");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/ui/login?returnUrl=%2Fui%2Fsecurity", LoginBrowser.LocationOf(response));
    }
}
