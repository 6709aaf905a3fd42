using Gatehouse.Crypto;

namespace Gatehouse.Kernel;

/// <summary>What every module may read of the host when it registers: the host settings, the data folder and the master key.</summary>
internal sealed record HostContext(GatehouseSettings Settings, string DataPath, MasterKey MasterKey, IConfiguration Configuration);
