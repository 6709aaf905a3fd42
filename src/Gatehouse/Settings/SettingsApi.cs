using Gatehouse.Kernel;
using Gatehouse.Transport;
using Gatehouse.Instance;
using Gatehouse.OtpEmail;
using Gatehouse.Users;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Zitadel.Object.V2;
using Zitadel.Settings.V2;

namespace Gatehouse.Settings;

/// <summary>
/// <c>zitadel.settings.v2.SettingsService</c>, read-only: what a login (ZITADEL's Login V2) reads on almost every page
/// to decide what to offer. The answers are Gatehouse's configuration and the rules it enforces, never a value it would
/// not honour (docs/zitadel-wire.md §9).
/// </summary>
internal sealed class SettingsApi(
    OrgQueries orgs,
    LoginPolicy loginPolicy,
    Branding branding,
    LegalAndSupport legalAndSupport,
    LockoutPolicy lockout,
    OtpEmailPolicy otpEmail,
    TimeProvider time) : SettingsService.SettingsServiceBase
{
    public override async Task<GetGeneralSettingsResponse> GetGeneralSettings(GetGeneralSettingsRequest request, ServerCallContext context)
    {
        await OwnerAsync(null, Permissions.PolicyRead, context);
        var instance = await orgs.GetInstanceAsync(context.CancellationToken);
        return SettingsAnswers.General(instance?.DefaultOrgId ?? "");
    }

    public override async Task<GetLoginSettingsResponse> GetLoginSettings(GetLoginSettingsRequest request, ServerCallContext context)
    {
        var owner = await OwnerAsync(request.Ctx, Permissions.PolicyRead, context);
        return SettingsAnswers.Login(loginPolicy, owner, otpEmail.AllowedIn(owner.OrgId));
    }

    public override async Task<GetActiveIdentityProvidersResponse> GetActiveIdentityProviders(
        GetActiveIdentityProvidersRequest request, ServerCallContext context)
    {
        await OwnerAsync(request.Ctx, Permissions.PolicyRead, context);
        // Gatehouse has no identity providers yet: an empty list, with the details ZITADEL always sends.
        return new GetActiveIdentityProvidersResponse { Details = new ListDetails { Timestamp = Timestamp.FromDateTimeOffset(time.GetUtcNow()) } };
    }

    public override async Task<GetPasswordComplexitySettingsResponse> GetPasswordComplexitySettings(
        GetPasswordComplexitySettingsRequest request, ServerCallContext context) =>
        SettingsAnswers.PasswordComplexity(await OwnerAsync(request.Ctx, Permissions.PolicyRead, context));

    public override async Task<GetPasswordExpirySettingsResponse> GetPasswordExpirySettings(
        GetPasswordExpirySettingsRequest request, ServerCallContext context) =>
        SettingsAnswers.PasswordExpiry(await OwnerAsync(request.Ctx, Permissions.PolicyRead, context));

    public override async Task<GetBrandingSettingsResponse> GetBrandingSettings(GetBrandingSettingsRequest request, ServerCallContext context) =>
        SettingsAnswers.Branding(branding, await OwnerAsync(request.Ctx, Permissions.PolicyRead, context));

    public override async Task<GetDomainSettingsResponse> GetDomainSettings(GetDomainSettingsRequest request, ServerCallContext context) =>
        SettingsAnswers.Domain(await OwnerAsync(request.Ctx, Permissions.PolicyRead, context));

    public override async Task<GetLegalAndSupportSettingsResponse> GetLegalAndSupportSettings(
        GetLegalAndSupportSettingsRequest request, ServerCallContext context) =>
        SettingsAnswers.LegalAndSupport(legalAndSupport, await OwnerAsync(request.Ctx, Permissions.PolicyRead, context));

    public override async Task<GetLockoutSettingsResponse> GetLockoutSettings(GetLockoutSettingsRequest request, ServerCallContext context) =>
        SettingsAnswers.Lockout(lockout, otpEmail, await OwnerAsync(request.Ctx, Permissions.PolicyRead, context));

    public override async Task<GetSecuritySettingsResponse> GetSecuritySettings(GetSecuritySettingsRequest request, ServerCallContext context) =>
        SettingsAnswers.Security(await OwnerAsync(null, Permissions.IamPolicyRead, context));

    public override async Task<GetHostedLoginTranslationResponse> GetHostedLoginTranslation(
        GetHostedLoginTranslationRequest request, ServerCallContext context)
    {
        await OwnerAsync(null, Permissions.IamPolicyRead, context);
        return SettingsAnswers.NoTranslations();
    }

    /// <summary>
    /// Whose settings are asked for (the request's organization, the instance, or by default the caller's
    /// organization, as ZITADEL reads its request context) after checking the caller may read them. An organization
    /// Gatehouse does not know gets the instance's settings, as ZITADEL's fallback to the default policy gives.
    /// </summary>
    private async Task<SettingsOwner> OwnerAsync(RequestContext? requestContext, string permission, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var instanceId = (await orgs.GetInstanceAsync(context.CancellationToken))?.Id ?? "";
        var orgId = requestContext?.ResourceOwnerCase switch
        {
            RequestContext.ResourceOwnerOneofCase.Instance when requestContext.Instance => instanceId,
            RequestContext.ResourceOwnerOneofCase.OrgId when requestContext.OrgId.Length > 0 => requestContext.OrgId,
            _ => caller.OrgId,
        };
        Authorization.Require(caller, permission, orgId == instanceId ? caller.OrgId : orgId, checkedByInterceptor: true);
        return new SettingsOwner(instanceId, orgId);
    }
}
