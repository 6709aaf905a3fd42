using Gatehouse.Cli;

return await GatehouseCommandLine.RunAsync(args);
