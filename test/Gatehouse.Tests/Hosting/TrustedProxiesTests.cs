using System.Net;
using Gatehouse.Hosting;
using Gatehouse.Kernel;
using Microsoft.Extensions.Configuration;

namespace Gatehouse.Tests.Hosting;

/// <summary>Which proxies' forwarded headers are believed: addresses and CIDR networks, checked at start.</summary>
public sealed class TrustedProxiesTests
{
    [Fact]
    public void Addresses_and_networks_of_both_families_are_read()
    {
        var (networks, problems) = TrustedProxies.Parse(["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"]);

        Assert.Empty(problems);
        Assert.Equal(["127.0.0.1/32", "10.0.0.0/8", "::1/128", "fd00::/8"], networks.Select(n => n.ToString()));
        Assert.True(networks[1].Contains(IPAddress.Parse("10.1.2.3")));
        Assert.False(networks[0].Contains(IPAddress.Parse("127.0.0.2")));
    }

    [Theory]
    [InlineData("proxy.example")]
    [InlineData("10.0.0.0/33")]
    [InlineData("")]
    public void Anything_else_is_a_problem_naming_the_setting(string entry)
    {
        var (networks, problems) = TrustedProxies.Parse(["127.0.0.1", entry]);

        Assert.Single(networks);
        Assert.Equal($"Gatehouse:TrustedProxies:1 must be an IP address or a network in CIDR form such as 10.0.0.0/8 (got \"{entry}\")", Assert.Single(problems));
    }

    [Fact]
    public void A_wrong_trusted_proxy_stops_the_start()
    {
        var data = Directory.CreateTempSubdirectory("gatehouse-config-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gatehouse:DataPath"] = data,
                ["Gatehouse:TrustedProxies:0"] = "proxy.example",
            }).Build();

            var failure = Assert.Throws<ConfigurationException>(() => GatehouseConfiguration.Read(configuration));

            Assert.Contains(failure.Failures, f => f.StartsWith("Gatehouse:TrustedProxies:0 must be", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
