using Gatehouse.Bench;

// gatehouse-bench <command> [--option value ...]; bench/run is the only intended caller.
if (args.Length == 0)
{
    await Console.Error.WriteLineAsync("usage: gatehouse-bench seed|sqlite-rate|pg-rate|append-rate|factor-states|flows|peer|report [--option value ...]");
    return 2;
}

var options = Options.Parse(args[1..]);
return args[0] switch
{
    "seed" => await Seeder.RunAsync(options),
    "sqlite-rate" => await DiskRates.SqliteAsync(options),
    "pg-rate" => await DiskRates.PostgresAsync(options),
    "append-rate" => await AppendRate.RunAsync(options),
    "factor-states" => await FactorStates.RunAsync(options),
    "flows" => await Flows.RunAsync(options),
    "peer" => await Peer.RunAsync(options),
    "report" => Report.Run(options),
    _ => throw new ArgumentException($"Unknown command {args[0]}."),
};
