using System.Net;
using Gatehouse.Kernel;
using Microsoft.AspNetCore.HttpOverrides;

namespace Gatehouse.Hosting;

/// <summary>
/// Behind a proxy that ends TLS, Gatehouse sees cleartext requests from the proxy's address: cookies would lose
/// <c>Secure</c>, HSTS would never be sent, and every client would share one address for rate limits. The proxy's
/// <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c> are believed only from the addresses listed in
/// <c>Gatehouse:TrustedProxies</c> (README.md, "Hosting safely"); without the setting they are ignored, so a
/// client cannot claim https or another address. HSTS is sent on every HTTPS answer, direct TLS or forwarded.
/// </summary>
internal static class TrustedProxies
{
    /// <summary>The networks of the setting's entries (an address is a network of one), or what is wrong with one.</summary>
    public static (IReadOnlyList<System.Net.IPNetwork> Networks, IReadOnlyList<string> Problems) Parse(IEnumerable<string> entries)
    {
        var networks = new List<System.Net.IPNetwork>();
        var problems = new List<string>();
        var index = 0;
        foreach (var entry in entries)
        {
            var text = entry.Trim();
            if (IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal))
            {
                networks.Add(new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (System.Net.IPNetwork.TryParse(text, out var network))
            {
                networks.Add(network);
            }
            else
            {
                problems.Add($"Gatehouse:TrustedProxies:{index} must be an IP address or a network in CIDR form such as 10.0.0.0/8 (got \"{entry}\")");
            }

            index++;
        }

        return (networks, problems);
    }

    /// <summary>First in the pipeline, so everything after it — cookies, antiforgery, OpenIddict, rate limits — sees the client's view.</summary>
    public static void UseGatehouseProxyHeaders(this WebApplication app, GatehouseSettings settings)
    {
        var (networks, _) = Parse(settings.TrustedProxies);
        if (networks.Count > 0)
        {
            var options = new ForwardedHeadersOptions
            {
                ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
                // Every hop is checked against the list; the first address that is not a trusted proxy is the client.
                ForwardLimit = null,
            };

            // The defaults trust loopback; only what the operator listed is trusted.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }

            app.UseForwardedHeaders(options);
        }

        app.UseHsts();
    }
}
