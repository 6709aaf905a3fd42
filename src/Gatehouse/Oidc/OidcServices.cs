using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Oidc;

/// <summary>
/// The OpenID Connect provider on OpenIddict, in degraded mode: applications, codes and revocations live in our own
/// storage (<see cref="OidcClients"/>, <see cref="OidcTokenChecks"/>), so one SQL schema serves SQLite and PostgreSQL.
/// Endpoints use ZITADEL's paths, so ZITADEL client configurations work unchanged.
/// </summary>
internal static class OidcServices
{
    // Long: OpenIddict's configuration is one builder chain whose options depend on each other; it decides nothing.
    public static IServiceCollection AddGatehouseOidc(this IServiceCollection services, OidcSettings settings, GatehouseSettings host, MasterKey masterKey)
    {
        services.AddSingleton(settings);
        services.AddSingleton<OidcClients>();
        services.AddSingleton<BrowserSessions>();
        services.AddSingleton<OidcTokenChecks>();
        services.AddSingleton<OrganizationClaims>();
        services.AddSingleton<RefreshTokens>();
        services.AddSingleton<MachineGrants>();
        services.AddSingleton<UsedAssertions>();
        services.AddHostedService<OidcSweeper>();
        services.AddSingleton(new OidcIssuer(IssuerOf(settings, host)));
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, SigningKeyOptions>();

        services.AddOpenIddict()
            .AddServer(options =>
            {
                // Discovery 1.0 §4.3 and RFC 9207 compare the issuer as a string, and System.Uri would add a "/" to an
                // empty path: keep the configured text exactly as it is, in discovery, tokens and the iss parameter.
                options.SetIssuer(new Uri(IssuerOf(settings, host), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));
                options.SetAuthorizationEndpointUris("oauth/v2/authorize")
                    .SetTokenEndpointUris("oauth/v2/token")
                    .SetUserInfoEndpointUris("oidc/v1/userinfo")
                    .SetIntrospectionEndpointUris("oauth/v2/introspect")
                    .SetRevocationEndpointUris("oauth/v2/revoke")
                    .SetEndSessionEndpointUris("oidc/v1/end_session")
                    .SetJsonWebKeySetEndpointUris("oauth/v2/keys");
                options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                // Rotated on every use and checked against our own tables (RefreshTokens): reuse revokes the family.
                options.AllowRefreshTokenFlow();
                // Machine users: their login name and secret (MachineGrants).
                options.AllowClientCredentialsFlow();
                // RFC 7523: a machine user's own signed assertion (MachineGrants), as ZITADEL's SDKs send it.
                options.AllowCustomFlow(MachineGrants.JwtBearer);
                // ...which carries no client_id. Every other request still needs a known client: OidcRequestValidation
                // refuses a missing one at the token, introspection and revocation endpoints.
                options.AcceptAnonymousClients();

                // Only S256 (RFC 9700 §2.1.1), and only the client authentication methods we check ourselves.
                options.Configure(server =>
                {
                    server.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
                    server.ClientAuthenticationMethods.Clear();
                    server.ClientAuthenticationMethods.Add(ClientAuthenticationMethods.ClientSecretBasic);
                    server.ClientAuthenticationMethods.Add(ClientAuthenticationMethods.ClientSecretPost);
                    server.ClientAuthenticationMethods.Add(ClientAuthenticationMethods.None);
                });
                options.RegisterScopes(OidcScopes.Fixed);
                // ZITADEL's scopes with a parameter cannot be registered one by one: UnknownScopes keeps exactly the
                // served ones and drops the rest, so OpenIddict's check (which would refuse them) is not needed.
                options.DisableScopeValidation();
                options.RegisterClaims([Claims.Subject, Claims.Name, Claims.GivenName, Claims.FamilyName, Claims.PreferredUsername,
                    Claims.Email, Claims.EmailVerified, Claims.Locale, Claims.AuthenticationMethodReference, Claims.AuthenticationTime,
                    Claims.AuthenticationContextReference, "sid", OidcScopes.ResourceOwnerClaim, .. OrganizationClaims.Types]);
                options.SetAccessTokenLifetime(settings.AccessTokenLifetime)
                    .SetIdentityTokenLifetime(settings.IdentityTokenLifetime)
                    .SetAuthorizationCodeLifetime(settings.AuthorizationCodeLifetime + settings.CodeReplayWindow)
                    .SetRefreshTokenLifetime(settings.RefreshTokenIdleLifetime);

                // Codes are read back only by us: encrypted under a key derived from the master key, shared by all nodes.
                options.AddEncryptionKey(new SymmetricSecurityKey(masterKey.TokenEncryptionKey));

                // Access tokens are signed JWTs, so resource servers can check them with the published keys.
                options.DisableAccessTokenEncryption();
                options.EnableDegradedMode();
                options.DisableTokenStorage();
                options.DisableAuthorizationStorage();

                options.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseSingletonHandler<OidcRequestValidation>());
                options.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseSingletonHandler<OidcRequestValidation>());
                // The client first, then the token: checked the other way round, a caller without credentials learnt
                // from 200 or 401 whether a token was live (RFC 7662 §2.1 and RFC 7009 §2.1 authenticate the client).
                options.AddEventHandler<ValidateIntrospectionRequestContext>(handler => handler.UseSingletonHandler<OidcRequestValidation>()
                    .SetOrder(OpenIddictServerHandlers.Introspection.ValidateAuthentication.Descriptor.Order - 1));
                options.AddEventHandler<ValidateRevocationRequestContext>(handler => handler.UseSingletonHandler<OidcRequestValidation>()
                    .SetOrder(OpenIddictServerHandlers.Revocation.ValidateAuthentication.Descriptor.Order - 1));
                options.AddEventHandler<ValidateEndSessionRequestContext>(handler => handler.UseSingletonHandler<OidcRequestValidation>());
                options.AddEventHandler<HandleRevocationRequestContext>(handler => handler.UseSingletonHandler<OidcRequestValidation>());
                options.AddEventHandler<HandleIntrospectionRequestContext>(handler => handler.UseSingletonHandler<OidcRequestValidation>());
                options.AddEventHandler(DiscoveryMetadata.Descriptor);
                options.AddEventHandler(UnknownScopes.Descriptor);
                options.AddEventHandler(ErrorsToTheApplication.Descriptor);
                options.AddEventHandler(FormPostPolicy.Descriptor);
                options.AddEventHandler(AmrAsArray.Descriptor);
                options.AddEventHandler(RefreshTokenIssuer.Descriptor);
                options.AddEventHandler(NoIdentityTokenForMachines.Descriptor);

                var aspNetCore = options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (string.IsNullOrEmpty(host.TlsCertificatePath))
                {
                    // Without TLS the whole server is cleartext (development, or TLS ends at a proxy in front).
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(options =>
            {
                options.UseLocalServer();
                options.AddAudiences(OidcScopes.ApiAudience);
                options.UseAspNetCore();
            });
        return services;
    }

    public static string IssuerOf(OidcSettings settings, GatehouseSettings host) =>
        settings.Issuer ?? $"{(string.IsNullOrEmpty(host.TlsCertificatePath) ? "http" : "https")}://localhost:{host.Port}";

    /// <summary>Hands the keys read at start to OpenIddict, newest first.</summary>
    private sealed class SigningKeyOptions(SigningKeys keys) : IConfigureOptions<OpenIddictServerOptions>
    {
        public void Configure(OpenIddictServerOptions options)
        {
            foreach (var key in keys.Keys)
            {
                options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
            }
        }
    }
}
