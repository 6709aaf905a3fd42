namespace Gatehouse.Login;

internal static class MaskedEmail
{
    /// <summary><c>j•••@example.com</c>: enough to recognise one's address, too little to learn someone else's.</summary>
    public static string Of(string? email)
    {
        if (email is null || email.IndexOf('@', StringComparison.Ordinal) is not (var at and > 0))
        {
            return "•••";
        }

        return string.Concat(email.AsSpan(0, 1), "•••", email.AsSpan(at));
    }
}
