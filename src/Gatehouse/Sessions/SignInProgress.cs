namespace Gatehouse.Sessions;

/// <summary>What a browser session still needs before an application may have it.</summary>
internal enum SignInStep
{
    LoginName,
    Password,
    OtpEmail,

    /// <summary>The application requires a second factor and the user has none to offer.</summary>
    SecondFactorMissing,
    Done,
}

/// <summary>
/// Pure rules of the hosted login. A user who set up OTP Email is always asked for the code (as ZITADEL's login asks
/// for any registered second factor); an application can demand a second factor from everyone. <c>amr</c> values
/// follow RFC 8176.
/// </summary>
internal static class SignInProgress
{
    public static SignInStep Next(SessionState session, bool userHasOtpEmail, bool secondFactorRequired, DateTimeOffset now)
    {
        if (!session.Exists || session.IsExpired(now) || session.User is null)
        {
            return SignInStep.LoginName;
        }

        if (session.PasswordCheckedAt is null)
        {
            return SignInStep.Password;
        }

        if (session.OtpEmailCheckedAt is not null)
        {
            return SignInStep.Done;
        }

        if (userHasOtpEmail)
        {
            return SignInStep.OtpEmail;
        }

        return secondFactorRequired ? SignInStep.SecondFactorMissing : SignInStep.Done;
    }

    public static IReadOnlyList<string> AuthenticationMethods(SessionState session)
    {
        var methods = new List<string>();
        if (session.PasswordCheckedAt is not null)
        {
            methods.Add("pwd");
        }

        if (session.OtpEmailCheckedAt is not null)
        {
            methods.Add("otp");
        }

        if (methods.Count > 1)
        {
            methods.Add("mfa");
        }

        return methods;
    }

    /// <summary>When the user last proved who they are: the newest factor check.</summary>
    public static DateTimeOffset? AuthenticatedAt(SessionState session) =>
        new[] { session.PasswordCheckedAt, session.OtpEmailCheckedAt }.Max();
}
