using Gatehouse.EventStore;
using Gatehouse.Kernel;
using Gatehouse.Users;

namespace Gatehouse.OtpEmail;

/// <summary>
/// The OTP Email factor, whole: enrolment and removal, the challenge and the check Sessions composes into a sign-in
/// step, its state, its policy (section <c>Gatehouse:OtpEmail</c> and <c>Gatehouse:MaxOtpAttempts</c>), the send log
/// and the texts of its errors. Its user events stay in <c>Users/UserEvents.cs</c>; its two session events are declared
/// here (<c>OtpEmailSessionEvents.cs</c>) and listed in <c>Sessions/SessionEvents.cs</c>, because each aggregate lists
/// all its events with their wire names in one table (docs/architecture.md).
/// </summary>
internal sealed class OtpEmailModule : GatehouseModule
{
    private OtpEmailSettings settings = new();

    public override IReadOnlyList<IInlineProjection> Projections => [new OtpEmailSendProjection()];

    public override IReadOnlyList<ReadModelTable> Tables => [new("otp_email_sends", "recipient, sent_at")];

    // ZITADEL's button text for one-time passwords is "Authenticate".
    public override IReadOnlyList<MailTemplate> MailTemplates =>
    [
        new(ChallengeOtpEmail.MailTemplate, "OtpEmail/Templates", "Authenticate", "Authentifizieren"),
        new(RemoveOtpEmail.NoticeTemplate, "OtpEmail/Templates", "Verify", "Bestätigen"),
    ];

    public override IReadOnlyDictionary<string, ErrorText> ErrorTexts => OtpEmailErrorTexts.All;

    public override void ReadSettings(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.settings = settings.Bind<OtpEmailSettings>("Gatehouse:OtpEmail", OtpEmailSettings.Keys);
        settings.Check(() => this.settings.Validated());
    }

    public override void AddCore(IServiceCollection services, HostContext host)
    {
        ArgumentNullException.ThrowIfNull(host);
        services.AddSingleton(OtpEmailPolicy.From(settings, host.Settings.MaxOtpAttempts));
        // Verification mails and codes share the limits of sign-in code mails (SECURITY.md, "Mailboxes").
        services.AddSingleton(new VerificationLimits(settings.SendCooldown, settings.MaxSendsPerAddress, settings.AddressWindow, settings.MaxAttemptsPerCode));
    }

    public override void AddServer(IServiceCollection services, HostContext host)
    {
        services.AddSingleton<OtpEmailSendLog>();
        services.AddSingleton<IMailSendLog>(provider => provider.GetRequiredService<OtpEmailSendLog>());
        services.AddSingleton<OtpEmailCodes>();
        services.AddSingleton<OtpEmailEnrolment>();
        services.AddSingleton<IOtpEmailFactor>(provider => provider.GetRequiredService<OtpEmailEnrolment>());
    }
}
