namespace Gatehouse.OtpEmail;

/// <summary>
/// <c>checks.otp_email</c>: the keyed hash of the code the user typed, taken before the decision (the hasher is a
/// service); null when the code was empty.
/// </summary>
internal sealed record OtpEmailCheck(string? CodeHash);
