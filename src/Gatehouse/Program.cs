using Gatehouse.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddGatehouse();
var app = builder.Build();
await app.StartGatehouseAsync();
await app.RunAsync();
