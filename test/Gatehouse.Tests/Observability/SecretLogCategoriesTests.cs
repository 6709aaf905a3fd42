using Gatehouse.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Tests.Observability;

/// <summary>OpenIddict's Debug and Trace messages carry codes and tokens: no configuration lets them through.</summary>
public sealed class SecretLogCategoriesTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData(null, "OpenIddict")]
    [InlineData(null, "OpenIddict.Server.OpenIddictServerDispatcher")]
    [InlineData("Console", null)]
    [InlineData("Console", "OpenIddict.Server")]
    public void OpenIddict_categories_stay_at_warning_whatever_rule_asks_for_trace(string? provider, string? category)
    {
        using var factory = LoggerFactory.Create(logging =>
        {
            logging.AddConsole();
            logging.Services.Configure<LoggerFilterOptions>(options => options.Rules.Add(new LoggerFilterRule(provider, category, LogLevel.Trace, null)));
            logging.HoldSecretCategoriesAtWarning();
        });

        var openIddict = factory.CreateLogger("OpenIddict.Server.OpenIddictServerDispatcher");
        var gatehouse = factory.CreateLogger("Gatehouse.Oidc.OidcEndpoints");

        Assert.False(openIddict.IsEnabled(LogLevel.Information));
        Assert.True(openIddict.IsEnabled(LogLevel.Warning));
        Assert.Equal(category is null, gatehouse.IsEnabled(LogLevel.Trace));
    }

    [Fact]
    public void A_rule_that_quiets_openiddict_further_is_kept()
    {
        var rules = new List<LoggerFilterRule> { new(null, "OpenIddict", LogLevel.Error, null) };

        SecretLogCategories.Hold(rules);

        Assert.Equal(LogLevel.Error, Assert.Single(rules).LogLevel);
    }
}
