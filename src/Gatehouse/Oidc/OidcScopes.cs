using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Oidc;

/// <summary>
/// The scopes Gatehouse serves: the standard ones and ZITADEL's reserved <c>urn:zitadel:iam:…</c> scopes, with
/// ZITADEL's claim names (README, "Scopes and claims"). Every other scope value is dropped (<see cref="UnknownScopes"/>).
/// </summary>
internal static class OidcScopes
{
    public const string ZitadelApi = "urn:zitadel:iam:org:project:id:zitadel:aud";

    /// <summary>The <c>aud</c> value of tokens the Auth API accepts (ZITADEL uses its API project's id).</summary>
    public const string ApiAudience = "zitadel";

    /// <summary>ZITADEL's claim naming the user's organization.</summary>
    public const string ResourceOwnerClaim = "urn:zitadel:iam:user:resourceowner:id";

    public const string ResourceOwner = "urn:zitadel:iam:user:resourceowner";
    public const string ResourceOwnerNameClaim = "urn:zitadel:iam:user:resourceowner:name";
    public const string ResourceOwnerDomainClaim = "urn:zitadel:iam:user:resourceowner:primary_domain";

    /// <summary>The scope and the claim have the same name; the claim is an object of base64 values by key.</summary>
    public const string Metadata = "urn:zitadel:iam:user:metadata";

    /// <summary><c>urn:zitadel:iam:org:id:{id}</c>: only users of that organization may sign in.</summary>
    public const string OrgIdPrefix = "urn:zitadel:iam:org:id:";

    /// <summary><c>urn:zitadel:iam:org:domain:primary:{domain}</c>: only users of the organization with that domain.</summary>
    public const string OrgDomainPrefix = "urn:zitadel:iam:org:domain:primary:";

    public const string OrgDomainClaim = "urn:zitadel:iam:org:domain:primary";

    /// <summary><c>urn:zitadel:iam:org:project:id:{projectid}:aud</c>: the project id joins the access token's audience.</summary>
    public const string ProjectPrefix = "urn:zitadel:iam:org:project:id:";
    public const string ProjectSuffix = ":aud";

    public const string RolePrefix = "urn:zitadel:iam:org:project:role:";

    /// <summary>The role scopes without a parameter (ZITADEL's current and its older spelling).</summary>
    public static readonly string[] AllRoles = ["urn:zitadel:iam:org:projects:roles", "urn:zitadel:iam:org:project:roles"];

    /// <summary>The fixed scope values, registered with OpenIddict and listed in discovery.</summary>
    public static readonly string[] Fixed =
        [Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Phone, Scopes.Address, Scopes.OfflineAccess, ZitadelApi, ResourceOwner, Metadata, .. AllRoles];

    /// <summary><c>acr_values</c> that ask for a second factor: our short name and the OpenID PAPE policy URI.</summary>
    public static readonly string[] MfaAcrValues = ["mfa", "http://schemas.openid.net/pape/policies/2007/06/multi-factor"];

    /// <summary>Whether Gatehouse serves this scope value: a fixed one, or one of ZITADEL's scopes with a parameter.</summary>
    public static bool IsServed(string scope) =>
        Fixed.Contains(scope, StringComparer.Ordinal)
        || ParameterOf(scope, OrgIdPrefix, "") is not null
        || ParameterOf(scope, OrgDomainPrefix, "") is not null
        || ParameterOf(scope, ProjectPrefix, ProjectSuffix) is not null
        || ParameterOf(scope, RolePrefix, "") is not null;

    /// <summary>The <c>{…}</c> part of a parameterised scope, or null when it is not one or the part is empty.</summary>
    public static string? ParameterOf(string scope, string prefix, string suffix) =>
        scope.Length > prefix.Length + suffix.Length && scope.StartsWith(prefix, StringComparison.Ordinal)
            && scope.EndsWith(suffix, StringComparison.Ordinal) && !scope.AsSpan(prefix.Length).Contains(' ')
            ? scope[prefix.Length..^suffix.Length]
            : null;
}
