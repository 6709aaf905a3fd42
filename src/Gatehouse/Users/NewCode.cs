namespace Gatehouse.Users;

/// <summary>
/// A freshly drawn code, produced outside the decision (randomness is injected): the plain value for the mail
/// or the response, and its keyed hash for the log.
/// </summary>
internal sealed record NewCode(string Plain, string Hash, TimeSpan ExpiresAfter)
{
    public long ExpiryNanoseconds => ExpiresAfter.Ticks * 100;
}
