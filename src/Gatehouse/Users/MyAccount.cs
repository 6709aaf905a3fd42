using Gatehouse.Crypto;
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
    public async Task<ObjectDetails> SetEmailAsync(string userId, string orgId, string email, CancellationToken ct) =>
        (await SetEmailAsync(new EmailCodeRequest(userId, orgId, userId, EmailCodeDelivery.Mail), email, ct)).Details;

    /// <summary>A new address and its code, for the user themselves or for a login client acting on the user (User v2).</summary>
    public async Task<(ObjectDetails Details, string Code)> SetEmailAsync(EmailCodeRequest request, string email, CancellationToken ct)
    {
        var send = await VerificationSendAsync(email, ct) with { Delivery = request.Delivery };
        var outcome = await commands.RunAsync(UserEvents.Aggregate, request.UserId, new CommandContext(request.CreatorId, request.OrgId), state =>
        {
            var attempt = send with { Now = time.GetUtcNow() };
            var decision = ChangeEmail.Decide(state, email, attempt, limits);
            return decision with { Mails = [.. CodeMail(request, state, email, attempt), .. decision.Mails] };
        }, ct);
        return (outcome.Details, send.Code.Plain);
    }

    public async Task<ObjectDetails> VerifyEmailAsync(string userId, string orgId, string code, CancellationToken ct, string? creatorId = null)
    {
        var now = time.GetUtcNow();
        var outcome = await commands.RunAsync(UserEvents.Aggregate, userId, new CommandContext(creatorId ?? userId, orgId),
            state => VerifyEmail.Decide(state, code, now, hasher, limits.MaxAttemptsPerCode), ct);
        return outcome.Details;
    }

    public async Task<ObjectDetails> ResendEmailCodeAsync(string userId, string orgId, CancellationToken ct) =>
        (await ResendEmailCodeAsync(new EmailCodeRequest(userId, orgId, userId, EmailCodeDelivery.Mail), ct)).Details;

    public async Task<(ObjectDetails Details, string Code)> ResendEmailCodeAsync(EmailCodeRequest request, CancellationToken ct)
    {
        // The address is read before the decision to count its recent mails; a change of address in between mailed a
        // code itself, so the cooldown refuses this resend anyway.
        var current = await commands.LoadAsync(UserEvents.Aggregate, request.UserId, ct);
        var send = await VerificationSendAsync(current.Email, ct) with { Delivery = request.Delivery };
        var outcome = await commands.RunAsync(UserEvents.Aggregate, request.UserId, new CommandContext(request.CreatorId, request.OrgId), state =>
        {
            var attempt = send with { Now = time.GetUtcNow() };
            return ResendEmailCode.Decide(state, attempt, limits) with { Mails = CodeMail(request, state, state.Email, attempt) };
        }, ct);
        return (outcome.Details, send.Code.Plain);
    }

    /// <summary>The code's mail, unless the code goes back to the caller instead.</summary>
    private static MailRequest[] CodeMail(EmailCodeRequest request, UserState state, string email, VerificationSend send) =>
        request.Delivery.Returned
            ? []
            : [VerificationMail.For(request.UserId, request.OrgId, email, state.DisplayName, state.PreferredLanguage, send.Code, send.Now, request.Delivery.UrlTemplate)];

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
