using Gatehouse.Kernel;
using Grpc.Core;
using Zitadel.User.V2;
using Gatehouse.Transport;

namespace Gatehouse.Users;

/// <summary>User v2 administration of the OTP Email factor, authentication methods and lockout (docs/zitadel-wire.md §6.1).</summary>
internal sealed partial class UserApi
{
    public override async Task<AddOTPEmailResponse> AddOTPEmail(AddOTPEmailRequest request, ServerCallContext context)
    {
        ValidationErrors.RequireLength(request.UserId, "AddOTPEmailRequest.UserId");
        await AuthorizeOnUserAsync(context, request.UserId, Permissions.UserCredentialWrite);
        var details = await otpEmail.AddAsync(request.UserId, Writer(context), context.CancellationToken);
        return new AddOTPEmailResponse { Details = DetailsMapping.V2(details) };
    }

    public override async Task<RemoveOTPEmailResponse> RemoveOTPEmail(RemoveOTPEmailRequest request, ServerCallContext context)
    {
        ValidationErrors.RequireLength(request.UserId, "RemoveOTPEmailRequest.UserId");
        await AuthorizeOnUserAsync(context, request.UserId, Permissions.UserWrite);
        var details = await otpEmail.RemoveAsync(request.UserId, Writer(context), context.CancellationToken);
        return new RemoveOTPEmailResponse { Details = DetailsMapping.V2(details) };
    }

    public override async Task<ListAuthenticationMethodTypesResponse> ListAuthenticationMethodTypes(ListAuthenticationMethodTypesRequest request, ServerCallContext context)
    {
        ValidationErrors.RequireLength(request.UserId, "ListAuthenticationMethodTypesRequest.UserId");
        var caller = ApiInterceptor.CallerOf(context);
        var state = await commands.LoadAsync(UserEvents.Aggregate, request.UserId, context.CancellationToken);
        if (caller.UserId != request.UserId)
        {
            Authorization.Require(caller, Permissions.UserRead, state.Version.Exists ? state.Version.ResourceOwner : caller.OrgId);
        }

        // Ready factors first, then the password (docs/zitadel-wire.md §6.2); an unknown user has none.
        var response = new ListAuthenticationMethodTypesResponse { Details = new Zitadel.Object.V2.ListDetails() };
        if (state.Exists && await otpEmail.IsAddedAsync(request.UserId, context.CancellationToken))
        {
            response.AuthMethodTypes.Add(AuthenticationMethodType.OtpEmail);
        }

        if (state.Exists && state.PasswordHash is not null)
        {
            response.AuthMethodTypes.Add(AuthenticationMethodType.Password);
        }

        response.Details.TotalResult = (ulong)response.AuthMethodTypes.Count;
        return response;
    }

    public override async Task<UnlockUserResponse> UnlockUser(UnlockUserRequest request, ServerCallContext context)
    {
        ValidationErrors.RequireLength(request.UserId, "UnlockUserRequest.UserId");
        var caller = ApiInterceptor.CallerOf(context);
        var state = await commands.LoadAsync(UserEvents.Aggregate, request.UserId, context.CancellationToken);
        // Permission before existence and lock state, unlike ZITADEL, so an outsider cannot probe who is locked.
        Authorization.Require(caller, Permissions.UserWrite, state.Version.Exists ? state.Version.ResourceOwner : caller.OrgId);
        var outcome = await commands.RunAsync(UserEvents.Aggregate, request.UserId, Writer(context),
            current => Gatehouse.Users.UnlockUser.Decide(current, request.UserId), context.CancellationToken);
        return new UnlockUserResponse { Details = DetailsMapping.V2(outcome.Details) };
    }

    /// <summary>
    /// Self needs no permission. For others: a caller without memberships learns nothing; an unknown target is
    /// <c>COMMAND-4g3xq</c>; otherwise the permission in the target's organization (docs/zitadel-wire.md §3.6).
    /// </summary>
    private async Task AuthorizeOnUserAsync(ServerCallContext context, string userId, string permission)
    {
        var caller = ApiInterceptor.CallerOf(context);
        if (caller.UserId == userId)
        {
            return;
        }

        if (!caller.HasMemberships)
        {
            throw new DomainException(AuthErrors.MembershipNotFound);
        }

        var target = await commands.LoadAsync(UserEvents.Aggregate, userId, context.CancellationToken);
        if (!target.Exists)
        {
            throw new DomainException(UserErrors.TargetNotFound);
        }

        Authorization.Require(caller, permission, target.Version.ResourceOwner);
    }

    private static CommandContext Writer(ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        return new CommandContext(caller.UserId, caller.OrgId);
    }
}
