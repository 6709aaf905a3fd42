using System.Security.Claims;
using System.Security.Cryptography;
using Gatehouse.Crypto;
using Gatehouse.Users;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Oidc;

/// <summary>
/// Machine-to-machine sign-in as ZITADEL's service users do it (README, "Machine to machine", docs/zitadel-wire.md §12):
/// the client credentials grant with the machine user's login name as <c>client_id</c> and its secret, and the JWT
/// profile grant (RFC 7523) with an assertion signed by one of the user's keys. The secret is checked while OpenIddict
/// validates the request; the token endpoint then asks for the machine's access token here.
/// </summary>
internal sealed class MachineGrants(
    MachineCredentials credentials, SecretHasher hasher, OrganizationClaims organizations, UsedAssertions used, OidcIssuer issuer, TimeProvider time)
{
    public const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /// <summary>An assertion is a few hundred bytes; anything much larger is not read at all.</summary>
    private const int MaxAssertionLength = 8192;

    /// <summary>A well-formed hash no secret maps to, compared when there is no real one, so both paths cost the same.</summary>
    private static readonly string Unmatchable = Convert.ToBase64String(new byte[32]);

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>
    /// Checks the machine user's secret; an unknown client, a user without a secret and a wrong secret get the same
    /// answer, after the same work, so the answer tells nothing about which login names exist.
    /// </summary>
    public async Task AuthenticateSecretAsync(OpenIddict.Server.OpenIddictServerEvents.ValidateTokenRequestContext context)
    {
        var secret = context.Request.ClientSecret;
        var machine = string.IsNullOrEmpty(context.Request.ClientId) ? null : await credentials.FindClientAsync(context.Request.ClientId, context.CancellationToken);
        var matches = hasher.Matches(UserApi.MachineSecretPurpose, secret ?? "", machine?.SecretHash ?? Unmatchable);
        if (machine is null || string.IsNullOrEmpty(secret) || !matches)
        {
            context.Reject(Errors.InvalidClient, "The client credentials are invalid.");
        }
    }

    /// <summary>The access token's principal for a validated request, or the reason (<c>invalid_grant</c>) it gets none.</summary>
    public async Task<(ClaimsPrincipal? Principal, string? Problem)> TokenAsync(OpenIddictRequest request, CancellationToken ct)
    {
        var (machine, problem) = request.IsClientCredentialsGrantType()
            ? (request.ClientId is { } clientId ? await credentials.FindClientAsync(clientId, ct) : null, null)
            : await FromAssertionAsync(request.GetParameter(Parameters.Assertion)?.ToString(), ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        if (machine is not { State: UserStates.Active })
        {
            return (null, "The machine user is locked, inactive or removed.");
        }

        var scopes = request.GetScopes();
        var org = await organizations.OfAsync(machine.OrgId, ct);
        return ReservedScopes.Of(scopes).Admits(machine.OrgId, org?.PrimaryDomain)
            ? (MachineTokens.PrincipalOf(machine, scopes), null)
            : (null, "The machine user belongs to another organization than the scope names.");
    }

    /// <summary>
    /// The machine user an assertion authenticates: the claims by <see cref="AssertionRule"/>, then the key named by
    /// <c>kid</c> (of that user, not expired, not removed), its signature, and finally its single use.
    /// </summary>
    private async Task<(MachineClient? Machine, string? Problem)> FromAssertionAsync(string? assertion, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(assertion) || assertion.Length > MaxAssertionLength || !Handler.CanReadToken(assertion))
        {
            return (null, "The assertion is missing or not a JWT.");
        }

        JsonWebToken jwt;
        AssertionClaims claims;
        try
        {
            jwt = new JsonWebToken(assertion);
            claims = new AssertionClaims(jwt.Issuer, jwt.Subject, [.. jwt.Audiences], Seconds(jwt, "exp"), Seconds(jwt, "iat"), Seconds(jwt, "nbf"), jwt.Kid);
        }
        catch (ArgumentException)
        {
            // Not JSON inside, or claims of the wrong type (SecurityTokenMalformedException is an ArgumentException).
            return (null, "The assertion is missing or not a JWT.");
        }
        var now = time.GetUtcNow();
        if (AssertionRule.Problem(claims, issuer.Value, now) is { } problem)
        {
            return (null, problem);
        }

        var key = await credentials.FindKeyAsync(claims.Subject!, claims.KeyId!, ct);
        if (key is null || key.ExpiresAt <= now)
        {
            return (null, "The assertion's key is unknown, removed or expired.");
        }

        if (!await SignedByAsync(assertion, key))
        {
            return (null, "The assertion's signature does not verify with its key.");
        }

        if (!await used.UseAsync(claims.Subject!, jwt.TryGetPayloadValue<string>("jti", out var jti) ? jti : null, assertion,
                DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAt!.Value) + AssertionRule.Skew, ct))
        {
            return (null, "The assertion was used before.");
        }

        return (await credentials.FindUserAsync(claims.Subject!, ct), null);
    }

    private static async Task<bool> SignedByAsync(string assertion, MachineKeyRow key)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.PublicKeyPem);
        var result = await Handler.ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            // Not cached: the RSA object is disposed after this check, and a removed key must not linger in a cache.
            IssuerSigningKey = new RsaSecurityKey(rsa) { KeyId = key.KeyId, CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false } },
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
                SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512],
            // Issuer, audience and lifetime are AssertionRule's; here only the signature and the key it names.
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
        });
        return result.IsValid;
    }

    private static long? Seconds(JsonWebToken jwt, string claim) =>
        jwt.TryGetPayloadValue<long>(claim, out var value) ? value : null;
}
