using Gatehouse.Kernel;
using Gatehouse.Users;

namespace Gatehouse.OtpEmail;

/// <summary>Runs <see cref="AddOtpEmail"/> and <see cref="RemoveOtpEmail"/> on the user's stream, for the Auth and User APIs and the security page.</summary>
internal sealed class OtpEmailEnrolment(CommandRunner commands, OtpEmailPolicy policy, TimeProvider time) : IOtpEmailFactor
{
    public async Task<bool> IsAddedAsync(string userId, CancellationToken ct) => (await commands.LoadAsync(OtpEmailState.OfUser, userId, ct)).Added;

    public async Task<ObjectDetails> AddAsync(string userId, CommandContext writer, CancellationToken ct) =>
        (await commands.RunAsync(OtpEmailState.OfUser, userId, writer, state => AddOtpEmail.Decide(state, userId, policy), ct)).Details;

    public async Task<ObjectDetails> RemoveAsync(string userId, CommandContext writer, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return (await commands.RunAsync(OtpEmailState.OfUser, userId, writer, state => RemoveOtpEmail.Decide(state, userId, now), ct)).Details;
    }
}
