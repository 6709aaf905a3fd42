using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gatehouse.Api.Tests.Hosting;

/// <summary>
/// A real Gatehouse server process on a free loopback port with its own data folder, started from the built binary
/// exactly as an operator starts it, and configured only through environment variables.
/// </summary>
public sealed class GatehouseProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private GatehouseProcess(Process process, string dataPath, int port)
    {
        this.process = process;
        DataPath = dataPath;
        Port = port;
    }

    public string DataPath { get; }

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

    public bool HasExited => process.HasExited;

    /// <param name="untilReady">
    /// Return once <c>/debug/ready</c> says the server can serve (migrated, set up, database reachable); with false,
    /// once the process answers at all (<c>/debug/healthz</c>), for a server whose database is not there yet.
    /// </param>
    public static async Task<GatehouseProcess> StartAsync(
        IReadOnlyDictionary<string, string>? environment = null, string? dataPath = null, int? port = null, bool untilReady = true)
    {
        dataPath ??= Directory.CreateTempSubdirectory("gatehouse-test-").FullName;
        var chosenPort = port ?? FreePort();
        var start = new ProcessStartInfo("dotnet", [ServerBinary()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataPath,
        };
        start.Environment["Gatehouse__DataPath"] = dataPath;
        start.Environment["Gatehouse__Port"] = chosenPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Gatehouse__BindAddress"] = "127.0.0.1";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        var server = new GatehouseProcess(process, dataPath, chosenPort);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitForAsync(untilReady ? "/debug/ready" : "/debug/healthz", TimeSpan.FromSeconds(60));
        return server;
    }

    public string ReadAdminToken() => File.ReadAllText(Path.Combine(DataPath, "admin.pat")).Trim();

    public string ReadLoginClientToken() => File.ReadAllText(Path.Combine(DataPath, "login-client.pat")).Trim();

    /// <summary>Stops the process the hard way, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    /// <summary>Removes the data folder; call when no other process uses it any more.</summary>
    public void DeleteData()
    {
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    /// <summary>Waits until <c>/debug/ready</c> answers 200, e.g. after the database came back.</summary>
    public Task WaitUntilReadyAsync(TimeSpan timeout) => WaitForAsync("/debug/ready", timeout);

    private async Task WaitForAsync(string probe, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(probe, UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The server did not answer 200 on {probe} within {timeout}:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ServerBinary()
    {
        // test/Gatehouse.Api.Tests/bin/<Configuration>/net10.0 → src/Gatehouse/bin/<Configuration>/net10.0/gatehouse.dll
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var root = here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var binary = Path.Combine(root, "src", "Gatehouse", "bin", configuration, framework, "gatehouse.dll");
        return File.Exists(binary) ? binary : throw new FileNotFoundException("Build the server first.", binary);
    }
}
