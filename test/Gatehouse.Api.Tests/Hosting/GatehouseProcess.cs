using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gatehouse.Api.Tests.Hosting;

/// <summary>What one run of the binary printed, and how it exited.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>
/// A real Gatehouse server process on a free loopback port with its own data folder, started from the built binary
/// exactly as an operator starts it, and configured only through environment variables.
/// </summary>
public sealed class GatehouseProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private readonly Dictionary<string, string> environment = [];

    private GatehouseProcess(Process process, string dataPath, int port, bool tls)
    {
        this.process = process;
        DataPath = dataPath;
        Port = port;
        Tls = tls;
    }

    public bool Tls { get; }

    public string DataPath { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"{(Tls ? "https" : "http")}://127.0.0.1:{Port}");

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

    /// <summary>
    /// The error log entries written after <paramref name="mark"/> (a length of <see cref="Output"/>) outside gRPC.
    /// For tests of pages and endpoints on a shared server: they send no gRPC, and a gRPC call of another test running
    /// at the same time (one its client cancelled under load, say) logs there without telling anything about theirs.
    /// </summary>
    public IReadOnlyList<string> ErrorsOutsideGrpcSince(int mark) =>
        [.. Output[mark..].Split('\n').Where(line => line.StartsWith("fail:", StringComparison.Ordinal)
            && !line.StartsWith("fail: Grpc.AspNetCore.Server", StringComparison.Ordinal))];

    /// <param name="tls">Serve TLS with a self-signed certificate made for the test (clients must accept it).</param>
    /// <param name="untilReady">
    /// Return once <c>/debug/ready</c> says the server can serve (migrated, set up, database reachable); with false,
    /// once the process answers at all (<c>/debug/healthz</c>), for a server whose database is not there yet.
    /// </param>
    public static async Task<GatehouseProcess> StartAsync(
        IReadOnlyDictionary<string, string>? environment = null, string? dataPath = null, int? port = null, bool tls = false, bool untilReady = true)
    {
        dataPath ??= Directory.CreateTempSubdirectory("gatehouse-test-").FullName;
        var chosenPort = port ?? FreePort();
        var start = StartInfo([], dataPath, chosenPort, environment);
        if (tls)
        {
            var (certificate, key) = TestCertificate.Write(dataPath);
            start.Environment["Gatehouse__TlsCertificatePath"] = certificate;
            start.Environment["Gatehouse__TlsKeyPath"] = key;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        var server = new GatehouseProcess(process, dataPath, chosenPort, tls);
        foreach (var variable in start.Environment.Where(v => v.Key.StartsWith("Gatehouse__", StringComparison.Ordinal)
            || v.Key.StartsWith("Database__", StringComparison.Ordinal) || v.Key.StartsWith("Smtp__", StringComparison.Ordinal)))
        {
            server.environment[variable.Key] = variable.Value ?? "";
        }

        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitForAsync(untilReady ? "/debug/ready" : "/debug/healthz", TimeSpan.FromSeconds(60));
        return server;
    }

    /// <summary>Runs a command of the binary on this server's data folder with the server's own settings.</summary>
    public Task<CommandResult> RunOnDataAsync(params string[] arguments) =>
        RunCommandAsync(arguments, DataPath, environment);

    /// <summary>
    /// Runs the binary once with a command line (<c>migrate</c>, <c>admin create-pat …</c>, <c>--help</c>) and the same
    /// environment a server would get, and returns what it printed and its exit code.
    /// </summary>
    public static async Task<CommandResult> RunCommandAsync(IReadOnlyList<string> args, string? dataPath = null,
        IReadOnlyDictionary<string, string>? environment = null, int? port = null)
    {
        dataPath ??= Directory.CreateTempSubdirectory("gatehouse-test-").FullName;
        var start = StartInfo(args, dataPath, port ?? FreePort(), environment);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the binary.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gatehouse {string.Join(' ', args)} did not exit:\n{await stdout}\n{await stderr}");
        }

        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Asks the server to stop as a service manager does (SIGTERM) and waits for it; returns its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill!.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(wait.Token);
        }

        // The asynchronous readers may still hold the last lines; the parameterless wait drains them.
        process.WaitForExit();
        return process.ExitCode;
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
        using var http = new HttpClient(TestCertificate.TrustingHandler()) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
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

    private static ProcessStartInfo StartInfo(IReadOnlyList<string> args, string dataPath, int port, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet", [ServerBinary(), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataPath,
        };
        start.Environment["Gatehouse__DataPath"] = dataPath;
        start.Environment["Gatehouse__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Gatehouse__BindAddress"] = "127.0.0.1";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        // The suite signs in far more often from 127.0.0.1 than a person; LoginFloodTests sets a low limit itself.
        start.Environment["Login__RateLimitPermits"] = "100000";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return start;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The repository root, from test/Gatehouse.Api.Tests/bin/&lt;Configuration&gt;/net10.0.</summary>
    public static string RepositoryRoot =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    public static string BuildConfiguration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static string ServerBinary()
    {
        // test/Gatehouse.Api.Tests/bin/<Configuration>/net10.0 → src/Gatehouse/bin/<Configuration>/net10.0/gatehouse.dll
        var binary = Path.Combine(RepositoryRoot, "src", "Gatehouse", "bin", BuildConfiguration, "net10.0", "gatehouse.dll");
        return File.Exists(binary) ? binary : throw new FileNotFoundException("Build the server first.", binary);
    }
}
