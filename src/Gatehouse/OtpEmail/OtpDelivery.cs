namespace Gatehouse.OtpEmail;

internal enum OtpDelivery
{
    /// <summary>Mail the code (with or without the caller's link template).</summary>
    Send,

    /// <summary>Hand the code back to the caller, who delivers it; nothing is mailed.</summary>
    Return,
}
