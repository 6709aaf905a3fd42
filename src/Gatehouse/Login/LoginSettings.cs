
namespace Gatehouse.Login;

/// <summary>
/// Section <c>Login</c> (environment <c>Login__RateLimitPermits</c>, …): how hard the hosted login may be used from
/// one client address, and how long a sign-in may stay unfinished. Listed in the README's configuration reference.
/// </summary>
internal sealed class LoginSettings
{
    /// <summary>Login form posts (login name, password, code, resend) per client address per window; 0 turns the limit off.</summary>
    public int RateLimitPermits { get; set; } = 100;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a browser may take from the login name to the last factor before it has to start again.</summary>
    public TimeSpan UnfinishedSignInLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public static readonly string[] Keys = [nameof(RateLimitPermits), nameof(RateLimitWindow), nameof(UnfinishedSignInLifetime)];

    /// <summary>Reads section <c>Login</c> on its own, refusing unknown and wrong settings like every other section.</summary>
    /// <exception cref="Kernel.ConfigurationException">A setting is wrong.</exception>
    public static LoginSettings Read(IConfiguration configuration)
    {
        var reader = new Kernel.SettingsReader(configuration);
        var settings = Read(reader);
        reader.RefuseUnknown();
        return reader.Failures.Count == 0 ? settings : throw new Kernel.ConfigurationException(reader.Failures);
    }

    public static LoginSettings Read(Kernel.SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var settings = reader.Bind<LoginSettings>("Login", Keys);
        if (settings.RateLimitPermits < 0)
        {
            reader.Problem($"Login:RateLimitPermits must be 0 (no limit) or more (got {settings.RateLimitPermits})");
        }

        if (settings.RateLimitWindow <= TimeSpan.Zero || settings.RateLimitWindow > TimeSpan.FromDays(1))
        {
            reader.Problem($"Login:RateLimitWindow must be more than 0 and at most one day (got {settings.RateLimitWindow})");
        }

        if (settings.UnfinishedSignInLifetime <= TimeSpan.Zero || settings.UnfinishedSignInLifetime > TimeSpan.FromDays(1))
        {
            reader.Problem($"Login:UnfinishedSignInLifetime must be more than 0 and at most one day (got {settings.UnfinishedSignInLifetime})");
        }

        return settings;
    }
}
