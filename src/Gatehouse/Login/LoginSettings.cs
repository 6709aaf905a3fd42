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

    /// <summary>Reads section <c>Login</c>, refusing unknown and wrong settings like every other section.</summary>
    /// <exception cref="Hosting.ConfigurationException">A setting is wrong.</exception>
    public static LoginSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("Login");
        var problems = section.GetChildren().Where(child => !Keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            .Select(child => $"Login:{child.Key} is not a setting Gatehouse knows (known in Login: {string.Join(", ", Keys)})").ToList();
        LoginSettings settings;
        try
        {
            settings = section.Get<LoginSettings>() ?? new LoginSettings();
        }
        catch (InvalidOperationException e)
        {
            throw new Hosting.ConfigurationException([.. problems, e.Message.TrimEnd('.')]);
        }

        if (settings.RateLimitPermits < 0)
        {
            problems.Add($"Login:RateLimitPermits must be 0 (no limit) or more (got {settings.RateLimitPermits})");
        }

        if (settings.RateLimitWindow <= TimeSpan.Zero || settings.RateLimitWindow > TimeSpan.FromDays(1))
        {
            problems.Add($"Login:RateLimitWindow must be more than 0 and at most one day (got {settings.RateLimitWindow})");
        }

        if (settings.UnfinishedSignInLifetime <= TimeSpan.Zero || settings.UnfinishedSignInLifetime > TimeSpan.FromDays(1))
        {
            problems.Add($"Login:UnfinishedSignInLifetime must be more than 0 and at most one day (got {settings.UnfinishedSignInLifetime})");
        }

        return problems.Count == 0 ? settings : throw new Hosting.ConfigurationException(problems);
    }
}
