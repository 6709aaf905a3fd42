using Gatehouse.Notifications;

namespace Gatehouse.Tests.Notifications;

public sealed class UrlTemplateTests
{
    private static readonly string[] Fields = ["Code", "UserID", "OrgID"];

    [Fact]
    public void A_template_with_known_fields_renders()
    {
        var values = new Dictionary<string, string> { ["Code"] = "123", ["UserID"] = "u1" };
        Assert.Equal(UrlTemplate.Problem.None, UrlTemplate.TryRender("https://app.test/v?code={{.Code}}&u={{ .UserID }}", values, out var url));
        Assert.Equal("https://app.test/v?code=123&u=u1", url);
    }

    [Fact]
    public void An_unclosed_action_fails_to_parse() => Assert.Equal(UrlTemplate.Problem.Parse, UrlTemplate.Validate("https://x/{{", Fields));

    [Fact]
    public void An_unknown_field_fails_to_render() =>
        Assert.Equal(UrlTemplate.Problem.Render, UrlTemplate.Validate("https://x/?c={{.InvalidField}}", Fields));

    [Fact]
    public void A_template_without_actions_is_valid() => Assert.Equal(UrlTemplate.Problem.None, UrlTemplate.Validate("https://x/", Fields));
}
