namespace Gatehouse.Kernel;

/// <summary>
/// The bearer tokens Gatehouse issues (personal access tokens, session tokens) are stored only as a keyed hash under
/// this purpose: the features that issue them and Auth/, which looks them up, must hash alike.
/// </summary>
internal static class AccessTokens
{
    public const string TokenPurpose = "access-token";
}
