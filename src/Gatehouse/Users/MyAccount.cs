using Gatehouse.Crypto;
using Gatehouse.Domain;

namespace Gatehouse.Users;

/// <summary>
/// The signed-in user's own changes, shared by the Auth API and the hosted security page so both run the same
/// decisions with the same mails. The user and organization always come from the caller's token or cookie.
/// </summary>
internal sealed class MyAccount(CommandRunner commands, EmailCodes emailCodes, SecretHasher hasher, Sessions.OtpEmailSettings otpEmail, TimeProvider time)
{
    public async Task<ObjectDetails> SetEmailAsync(string userId, string orgId, string email, CancellationToken ct)
    {
        var code = emailCodes.NewVerificationCode();
        var now = time.GetUtcNow();
        var outcome = await commands.RunAsync(UserEvents.Aggregate, userId, new CommandContext(userId, orgId), state =>
            ChangeEmail.Decide(state, email, code) with
            {
                Mails = [VerificationMail.For(userId, orgId, email, state.DisplayName, state.PreferredLanguage, code, now, null)],
            }, ct);
        return outcome.Details;
    }

    public async Task<ObjectDetails> VerifyEmailAsync(string userId, string orgId, string code, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var outcome = await commands.RunAsync(UserEvents.Aggregate, userId, new CommandContext(userId, orgId),
            state => VerifyEmail.Decide(state, code, now, hasher, otpEmail.MaxAttemptsPerCode), ct);
        return outcome.Details;
    }

    public async Task<ObjectDetails> ResendEmailCodeAsync(string userId, string orgId, CancellationToken ct)
    {
        var code = emailCodes.NewVerificationCode();
        var now = time.GetUtcNow();
        var outcome = await commands.RunAsync(UserEvents.Aggregate, userId, new CommandContext(userId, orgId), state =>
            ResendEmailCode.Decide(state, code) with
            {
                Mails = [VerificationMail.For(userId, orgId, state.Email, state.DisplayName, state.PreferredLanguage, code, now, null)],
            }, ct);
        return outcome.Details;
    }

    public async Task<ObjectDetails> AddOtpEmailAsync(string userId, string orgId, CancellationToken ct) =>
        (await commands.RunAsync(UserEvents.Aggregate, userId, new CommandContext(userId, orgId),
            state => AddOtpEmail.Decide(state, userId, otpEmail.AllowedIn(orgId)), ct)).Details;

    public async Task<ObjectDetails> RemoveOtpEmailAsync(string userId, string orgId, CancellationToken ct) =>
        (await commands.RunAsync(UserEvents.Aggregate, userId, new CommandContext(userId, orgId),
            state => RemoveOtpEmail.Decide(state, userId), ct)).Details;
}
