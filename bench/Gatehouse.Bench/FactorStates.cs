using System.Text;
using Gatehouse.Kernel;

namespace Gatehouse.Bench;

/// <summary>
/// Before each S1 run: whether each user currently has OTP Email, so the run's script can alternate add and remove
/// for every user without a single wrong call, whatever the run before left behind (a request cut off when a
/// load tool stopped may or may not have been written). Writes one 0 or 1 per line of the tokens file.
/// With <c>--ensure-on</c>, first adds OTP Email for every user without it (S2 signs in with it).
/// </summary>
internal static class FactorStates
{
    public static async Task<int> RunAsync(Options options)
    {
        var baseUrl = options.Text("base").TrimEnd('/');
        var tokens = File.ReadLines(options.Text("tokens")).Select(l => l.Split('\t')[3]).ToArray();
        var states = new string[tokens.Length];
        using var http = ClosedLoop.NewClient(32);
        await Parallel.ForEachAsync(Enumerable.Range(0, tokens.Length), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/auth/v1/users/me/auth_factors/_search")
            {
                Content = new ByteArrayContent("{}"u8.ToArray()),
            };
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + tokens[i]);
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"ListMyAuthFactors failed with {(int)response.StatusCode}: {body}");
            }

            states[i] = body.Contains("otpEmail", StringComparison.Ordinal) ? "1" : "0";
            if (states[i] == "0" && options.Flag("ensure-on"))
            {
                using var add = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/auth/v1/users/me/auth_factors/otp_email")
                {
                    Content = new ByteArrayContent("{}"u8.ToArray()),
                };
                add.Headers.TryAddWithoutValidation("Authorization", "Bearer " + tokens[i]);
                using var added = await http.SendAsync(add, ct);
                states[i] = added.IsSuccessStatusCode ? "1"
                    : throw new InvalidOperationException($"AddMyAuthFactorOTPEmail failed with {(int)added.StatusCode}");
            }
        });
        await File.WriteAllTextAsync(options.Text("out"), new StringBuilder().AppendJoin('\n', states).Append('\n').ToString());
        return 0;
    }
}
