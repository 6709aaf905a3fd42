using Gatehouse.OtpEmail;
using Gatehouse.Users;

namespace Gatehouse.Sessions;

/// <summary>The rules a sign-in step weighs: password lockout, and OTP Email's settings and lockout.</summary>
internal sealed record SessionPolicy(LockoutPolicy Lockout, OtpEmailPolicy OtpEmail);
