namespace Gatehouse.Oidc;

/// <summary>ZITADEL's reserved scope that puts its own API into the access token's audience, and what we put there.</summary>
internal static class OidcScopes
{
    public const string ZitadelApi = "urn:zitadel:iam:org:project:id:zitadel:aud";

    /// <summary>The <c>aud</c> value of tokens the Auth API accepts (ZITADEL uses its API project's id).</summary>
    public const string ApiAudience = "zitadel";

    /// <summary>ZITADEL's claim naming the user's organization.</summary>
    public const string ResourceOwnerClaim = "urn:zitadel:iam:user:resourceowner:id";

    /// <summary><c>acr_values</c> that ask for a second factor: our short name and the OpenID PAPE policy URI.</summary>
    public static readonly string[] MfaAcrValues = ["mfa", "http://schemas.openid.net/pape/policies/2007/06/multi-factor"];
}
