using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gatehouse.Notifications;

internal static class EmailSenderServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="IEmailSender"/>: SMTP when <c>Smtp:Host</c> is set, otherwise the dev sink writing
    /// to <c>&lt;dataPath&gt;/mail/</c>. The <c>Smtp</c> section is validated here so a bad setting stops start-up
    /// instead of surfacing at the first sign-in.
    /// </summary>
    public static IServiceCollection AddEmailSender(this IServiceCollection services, IConfiguration configuration, string dataPath)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataPath);

        var options = (configuration.GetSection(SmtpOptions.SectionName).Get<SmtpOptions>() ?? new SmtpOptions()).Validated();

        services.TryAddSingleton(TimeProvider.System);
        if (options.HasHost())
        {
            services.AddSingleton<IEmailSender>(sp => new SmtpEmailSender(
                options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SmtpEmailSender>>()));
        }
        else
        {
            services.AddSingleton<IEmailSender>(sp => new DevSinkEmailSender(
                dataPath, options.GetFromAddress(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DevSinkEmailSender>>()));
        }

        return services;
    }
}
