using Gatehouse.Crypto;
using Gatehouse.Domain;
using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>
/// The signed-in user's own changes, shared by the Auth API and the hosted security page so both run the same
/// decisions with the same mails. The user and organization always come from the caller's token or cookie.
/// </summary>
internal sealed class MyAccount(
    CommandRunner commands,
    EmailCodes emailCodes,
    IMailSendLog sendLog,
    SecretHasher hasher,
    VerificationLimits limits,
    TimeProvider time)
{
    public async Task<ObjectDetails> SetEmailAsync(string userId, string orgId, string email, CancellationToken ct)
    {
        var send = await VerificationSendAsync(email, ct);
        var outcome = await commands.RunAsync(UserEvents.Aggregate, userId, new CommandContext(userId, orgId), state =>
        {
            var attempt = send with { Now = time.GetUtcNow() };
            var decision = ChangeEmail.Decide(state, email, attempt, limits);
            return decision with
            {
                Mails = [VerificationMail.For(userId, orgId, email, state.DisplayName, state.PreferredLanguage, send.Code, attempt.Now, null), .. decision.Mails],
            };
        }, ct);
        return outcome.Details;
    }

    public async Task<ObjectDetails> VerifyEmailAsync(string userId, string orgId, string code, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var outcome = await commands.RunAsync(UserEvents.Aggregate, userId, new CommandContext(userId, orgId),
            state => VerifyEmail.Decide(state, code, now, hasher, limits.MaxAttemptsPerCode), ct);
        return outcome.Details;
    }

    public async Task<ObjectDetails> ResendEmailCodeAsync(string userId, string orgId, CancellationToken ct)
    {
        // The address is read before the decision to count its recent mails; a change of address in between mailed a
        // code itself, so the cooldown refuses this resend anyway.
        var current = await commands.LoadAsync(UserEvents.Aggregate, userId, ct);
        var send = await VerificationSendAsync(current.Email, ct);
        var outcome = await commands.RunAsync(UserEvents.Aggregate, userId, new CommandContext(userId, orgId), state =>
        {
            var attempt = send with { Now = time.GetUtcNow() };
            return ResendEmailCode.Decide(state, attempt, limits) with
            {
                Mails = [VerificationMail.For(userId, orgId, state.Email, state.DisplayName, state.PreferredLanguage, send.Code, attempt.Now, null)],
            };
        }, ct);
        return outcome.Details;
    }

    /// <summary>
    /// The code and the address's recent mails. The time is read again for each attempt of the command: after a lost
    /// race the winner's mail is newer than a time read before it.
    /// </summary>
    private async Task<VerificationSend> VerificationSendAsync(string address, CancellationToken ct)
    {
        var recipient = emailCodes.RecipientHash(address);
        var (recent, oldest) = await sendLog.RecentSendsAsync(recipient, ct);
        return new VerificationSend(emailCodes.NewVerificationCode(), recipient, recent, oldest, time.GetUtcNow());
    }
}
