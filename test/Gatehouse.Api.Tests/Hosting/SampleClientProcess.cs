using System.Diagnostics;
using System.Net;
using System.Text;

namespace Gatehouse.Api.Tests.Hosting;

/// <summary>The sample web application (samples/SampleClient), started from its built binary like the server.</summary>
public sealed class SampleClientProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private SampleClientProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static async Task<SampleClientProcess> StartAsync(int port, Uri authority, string clientId, string clientSecret)
    {
        var binary = Path.Combine(GatehouseProcess.RepositoryRoot, "samples", "SampleClient", "bin", GatehouseProcess.BuildConfiguration, "net10.0", "SampleClient.dll");
        var start = new ProcessStartInfo("dotnet", [binary])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Gatehouse__Authority"] = authority.ToString().TrimEnd('/');
        start.Environment["Gatehouse__ClientId"] = clientId;
        start.Environment["Gatehouse__ClientSecret"] = clientSecret;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the sample client.");
        var client = new SampleClientProcess(process, port);
        process.OutputDataReceived += (_, e) => client.Append(e.Data);
        process.ErrorDataReceived += (_, e) => client.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = client.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The sample client exited with {process.ExitCode}:\n{client.Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return client;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The sample client did not become ready:\n{client.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
