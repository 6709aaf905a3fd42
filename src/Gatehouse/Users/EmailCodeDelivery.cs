namespace Gatehouse.Users;

/// <summary>
/// How a new email verification code reaches the user: mailed (with the caller's link template, or Gatehouse's
/// default), or returned to the calling login client, which then sends it its own way and no mail goes out.
/// </summary>
internal sealed record EmailCodeDelivery(string? UrlTemplate, bool Returned)
{
    public static readonly EmailCodeDelivery Mail = new(null, false);
}
