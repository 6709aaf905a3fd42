namespace Gatehouse.Kernel;

/// <summary>
/// Host settings, section <c>Gatehouse</c> (environment <c>Gatehouse__DataPath</c>, <c>Gatehouse__Port</c>, …).
/// Every setting is listed with its variable in the README.
/// </summary>
internal sealed class GatehouseSettings
{
    /// <summary>Where the embedded database, generated keys, first tokens and development mails live.</summary>
    public string DataPath { get; set; } = "data";

    public int Port { get; set; } = 8080;

    /// <summary>This node's name when several share a database; generated into the data folder if not set.</summary>
    public string? NodeId { get; set; }

    /// <summary>The address to listen on; <c>0.0.0.0</c> for all IPv4 interfaces, <c>127.0.0.1</c> for this machine only.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// Addresses or CIDR networks of reverse proxies whose <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c> are
    /// believed (<c>Hosting.TrustedProxies</c>); empty: those headers are ignored.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>PEM certificate and key for TLS on the port; without them the port speaks cleartext (h2c and HTTP/1.1).</summary>
    public string? TlsCertificatePath { get; set; }

    public string? TlsKeyPath { get; set; }

    /// <summary>The server secret (base64, 32 bytes or more); or a file holding it. Generated into the data folder if neither is set.</summary>
    public string? MasterKey { get; set; }

    public string? MasterKeyFile { get; set; }

    /// <summary>Requests larger than this are refused (413 over HTTP, ResourceExhausted over gRPC).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public int MaxPasswordAttempts { get; set; }

    public int MaxOtpAttempts { get; set; }

    /// <summary>
    /// How long a stop (SIGTERM, Ctrl+C) waits for requests in flight and the mail being sent before it gives up on them.
    /// </summary>
    public int ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The settings of this section, for the check that refuses misspelt ones; its subsections (<c>FirstInstance</c>,
    /// <c>OtpEmail</c>, <c>Outbox</c>) belong to the modules that read them.
    /// </summary>
    public static readonly string[] Keys =
    [
        nameof(DataPath), nameof(Port), nameof(BindAddress), nameof(TlsCertificatePath), nameof(TlsKeyPath), nameof(MasterKey),
        nameof(MasterKeyFile), nameof(MaxRequestBodyBytes), nameof(MaxPasswordAttempts), nameof(MaxOtpAttempts),
        nameof(ShutdownTimeoutSeconds), nameof(NodeId), nameof(TrustedProxies),
    ];
}
