using Gatehouse.Kernel;
using Gatehouse.Transport;
using Grpc.Core;
using Zitadel.User.V2;

namespace Gatehouse.Users;

/// <summary>
/// User v2 lock, delete and "skipped second-factor set-up" (docs/zitadel-wire.md §6.8). As in ZITADEL the user may
/// act on themself; unlike ZITADEL the permission is checked before existence, so an outsider learns nothing.
/// </summary>
internal sealed partial class UserApi
{
    public override async Task<LockUserResponse> LockUser(LockUserRequest request, ServerCallContext context)
    {
        ValidationErrors.RequireLength(request.UserId, "LockUserRequest.UserId");
        var details = await RunOnUserAsync(context, request.UserId, Permissions.UserWrite, Gatehouse.Users.LockUser.Decide);
        return new LockUserResponse { Details = details };
    }

    public override async Task<DeleteUserResponse> DeleteUser(DeleteUserRequest request, ServerCallContext context)
    {
        ValidationErrors.RequireLength(request.UserId, "DeleteUserRequest.UserId");
        var details = await RunOnUserAsync(context, request.UserId, Permissions.UserDelete, RemoveUser.Decide);
        return new DeleteUserResponse { Details = details };
    }

    public override async Task<HumanMFAInitSkippedResponse> HumanMFAInitSkipped(HumanMFAInitSkippedRequest request, ServerCallContext context)
    {
        ValidationErrors.RequireLength(request.UserId, "HumanMFAInitSkippedRequest.UserId");
        var details = await RunOnUserAsync(context, request.UserId, Permissions.UserWrite, SkipMfaInit.Decide);
        return new HumanMFAInitSkippedResponse { Details = details };
    }

    /// <summary>Self, or the permission in the user's organization (the caller's own for an unknown id); then the decision.</summary>
    private async Task<Zitadel.Object.V2.Details> RunOnUserAsync(
        ServerCallContext context, string userId, string permission, Func<UserState, string, Decision<UserEvent>> decide)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var target = await commands.LoadAsync(UserEvents.Aggregate, userId, context.CancellationToken);
        Authorization.RequireSelfOr(caller, userId, permission, target.Version.Exists ? target.Version.ResourceOwner : caller.OrgId);
        var outcome = await commands.RunAsync(UserEvents.Aggregate, userId, Writer(context),
            state => decide(state, userId), context.CancellationToken);
        return DetailsMapping.V2(outcome.Details);
    }
}
