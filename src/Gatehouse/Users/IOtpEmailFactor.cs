using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>
/// Enrolling and removing OTP Email, as the user services' RPCs (<c>AddOTPEmail</c>, <c>AddMyAuthFactorOTPEmail</c>, …)
/// need it. The factor lives in OtpEmail, above Users, which implements this; Users keeps only the RPCs the protos give
/// its services, and checks the caller's permission before calling.
/// </summary>
internal interface IOtpEmailFactor
{
    /// <summary>Whether the user has the factor, from the user's stream (as current as the last acknowledged write).</summary>
    Task<bool> IsAddedAsync(string userId, CancellationToken ct);

    Task<ObjectDetails> AddAsync(string userId, CommandContext writer, CancellationToken ct);

    Task<ObjectDetails> RemoveAsync(string userId, CommandContext writer, CancellationToken ct);
}
