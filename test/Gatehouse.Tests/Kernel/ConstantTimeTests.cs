using System.Diagnostics;
using Gatehouse.Crypto;

namespace Gatehouse.Tests.Kernel;

/// <summary>
/// A statistical check that a code comparison takes the same time whether a wrong code shares a long prefix with the
/// right one or none: both kinds of guess are timed interleaved many times and the trimmed means must be within a few
/// percent. A byte-by-byte early-exit comparison fails this by a wide margin (the prefix decides how long it runs).
/// </summary>
public sealed class ConstantTimeTests
{
    [Fact]
    public void Checking_a_near_miss_takes_as_long_as_checking_a_far_miss()
    {
        var hasher = new SecretHasher(MasterKey.FromBytes(new byte[32]));
        var hash = hasher.Hash("otp-email", "12345678");
        const int Rounds = 20_000;
        var near = new double[Rounds];
        var far = new double[Rounds];
        for (var i = 0; i < 2_000; i++)
        {
            hasher.Matches("otp-email", "12345679", hash);
            hasher.Matches("otp-email", "92345678", hash);
        }

        for (var i = 0; i < Rounds; i++)
        {
            near[i] = Time(() => hasher.Matches("otp-email", "12345679", hash));
            far[i] = Time(() => hasher.Matches("otp-email", "92345678", hash));
        }

        var (nearMean, farMean) = (TrimmedMean(near), TrimmedMean(far));
        Assert.True(Math.Abs(nearMean - farMean) / Math.Min(nearMean, farMean) < 0.10,
            $"near miss {nearMean:F0} ticks, far miss {farMean:F0} ticks");
    }

    private static double Time(Func<bool> check)
    {
        var start = Stopwatch.GetTimestamp();
        check();
        return Stopwatch.GetTimestamp() - start;
    }

    private static double TrimmedMean(double[] samples)
    {
        var sorted = samples.Order().ToArray();
        var cut = sorted.Length / 10;
        return sorted[cut..^cut].Average();
    }
}
